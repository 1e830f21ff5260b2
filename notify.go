package renda

import "time"

// Notification is a message to one user inside renda (消息).
type Notification struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	Title     string    `json:"title"`
	Body      string    `json:"body,omitempty"`
	Link      string    `json:"link,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	ReadAt    time.Time `json:"read_at,omitzero"`
}

// Message is a message leaving renda through the outbox: SMS, e-mail, a
// webhook, or the 12345 hotline platform. Key makes it unique: a message
// with a key already in the outbox is not enqueued again, so a reminder is
// delivered at most once per recipient.
type Message struct {
	ID        string `json:"id"`
	Channel   string `json:"channel"`   // sms, email, webhook, hotline, log
	Recipient string `json:"recipient"` // phone, address, URL or user id, as the channel reads it
	Subject   string `json:"subject"`
	Body      string `json:"body"`
	Key       string `json:"key"`
	// Link is the path of the page the message is about (the tracking page
	// for a citizen, the item for a user); an SMS ends with it as a link.
	Link      string    `json:"link,omitempty"`
	Status    string    `json:"status"` // pending, sent, dead
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	SentAt    time.Time `json:"sent_at,omitzero"`
	NextAt    time.Time `json:"next_at,omitzero"`
}

// Outbox message statuses.
const (
	MessagePending = "pending"
	MessageSent    = "sent"
	MessageDead    = "dead" // gave up after the maximum number of attempts
)
