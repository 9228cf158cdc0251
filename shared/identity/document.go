package identity

import (
	"time"
	"unicode/utf8"

	"gradphoto/shared/apperr"
)

// Document is an identity document number that passed the checks of its
// type, with what the number itself says about its holder.
type Document struct {
	Type DocType
	// Number is the normalised number: upper-case ASCII without spaces or
	// hyphens, a legacy 15-digit resident ID converted to 18 characters, and
	// the letter of an old Taiwan permit in brackets, as in 1234567890(B).
	Number string
	// Birth is the date of birth at midnight UTC, or the zero time if the
	// number does not carry it.
	Birth time.Time
	// Sex is the sex the number encodes, or Unknown.
	Sex Sex
	// Region is the 6-digit region code (GB/T 2260) at the start of a
	// resident ID or residence permit number; empty for other types.
	Region string
}

// maxLen bounds the length of a number the parsers look at; no document has
// more than 20 characters, and refusing long input early keeps messages short.
const maxLen = 64

// Parse checks raw as a number of type t and returns the document it
// describes. now is the current time: a birth date after now's calendar date
// is refused.
//
// raw may be typed loosely: surrounding and inner spaces, hyphens,
// full-width characters and lower-case letters are accepted and normalised.
// Positions in error messages count the characters of the normalised number,
// from 1.
//
// The error is an *apperr.Error about NumberField, or about TypeField if t is
// not a valid type.
func Parse(t DocType, raw string, now time.Time) (Document, error) {
	if !t.Valid() {
		return Document{}, apperr.Field(TypeField, "请选择证件类型", "Choose the document type")
	}
	s := normalize(raw)
	if s == "" {
		return Document{}, errEmpty
	}
	if n := utf8.RuneCountInString(s); n > maxLen {
		return Document{}, numberError(
			"证件号码过长，请检查输入",
			"The document number is far too long: check what was entered")
	}
	switch t {
	case ResidentID:
		return parseResidentID(s, now)
	case ResidencePermit:
		return parseResidencePermit(s, now)
	case HKMacauPermit:
		return parseHKMacauPermit(s)
	case TaiwanPermit:
		return parseTaiwanPermit(s)
	case ForeignPermanentResident:
		return parseForeignPermanentResident(s)
	default:
		return parsePassport(s)
	}
}
