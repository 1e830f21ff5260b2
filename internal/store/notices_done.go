package store

// noticesDone marks done the in-app messages that point to an item whose
// state has just moved on: they asked someone to deal with it, and it has
// been dealt with, so the badge no longer counts them. The outcome's own
// new messages are written after this and stay unread.
func (tx *Tx) noticesDone(link string) error {
	_, err := tx.exec("UPDATE notifications SET read_at = ? WHERE link = ? AND read_at IS NULL", ts(tx.now), link)
	return err
}
