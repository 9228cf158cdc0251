package record

import "gradphoto/shared/apperr"

// State is where a photo collection stands.
type State string

const (
	Draft       State = "draft"        // data confirmed, no photo yet
	Submitted   State = "submitted"    // a camera photo the engine and the server passed
	UnderReview State = "under_review" // an album photo waiting for staff
	Returned    State = "returned"     // staff returned the photo, with a reason
	Approved    State = "approved"     // staff (or the checks, for camera photos) accepted it
	Delivered   State = "delivered"    // delivered to CHSI with the collection code
)

// Label returns the state's name for people.
func (s State) Label() (zh, en string) {
	switch s {
	case Draft:
		return "待拍摄", "Photo needed"
	case Submitted:
		return "已提交", "Submitted"
	case UnderReview:
		return "审核中", "Under review"
	case Returned:
		return "已退回", "Returned"
	case Approved:
		return "已通过", "Approved"
	case Delivered:
		return "已交付", "Delivered"
	}
	return string(s), string(s)
}

// PhotoReplaceable reports whether the student may put in a new photo.
// After approval the photo is final.
func (s State) PhotoReplaceable() bool {
	switch s {
	case Draft, Submitted, UnderReview, Returned:
		return true
	}
	return false
}

// Source is where the photo came from.
type Source string

const (
	Camera Source = "camera" // taken in the app and processed by the engine on the phone
	Album  Source = "album"  // the student's own photo, reviewed by staff
)

// ParseSource validates a photo source sent by a client.
func ParseSource(s string) (Source, error) {
	switch v := Source(s); v {
	case Camera, Album:
		return v, nil
	}
	return "", apperr.Field("source", "照片来源应为拍摄或相册", "The photo source must be camera or album")
}

// AfterPhoto is the state a collection moves to when a photo from src arrives.
func AfterPhoto(src Source) State {
	if src == Album {
		return UnderReview
	}
	return Submitted
}

// CanReview reports whether staff may approve or return a collection in s.
func (s State) CanReview() bool { return s == Submitted || s == UnderReview }
