package renda

// Ratings: a deputy's of a reply to their suggestion, a citizen's of an
// answer to their opinion - one scale.
const (
	RatingSatisfied   = "satisfied"
	RatingBasic       = "basically_satisfied"
	RatingUnsatisfied = "unsatisfied"
)

// RatingLabel names a rating in Chinese.
func RatingLabel(r string) string {
	switch r {
	case RatingSatisfied:
		return "满意"
	case RatingBasic:
		return "基本满意"
	case RatingUnsatisfied:
		return "不满意"
	}
	return r
}

// Ratings lists the ratings in display order.
var Ratings = []string{RatingSatisfied, RatingBasic, RatingUnsatisfied}
