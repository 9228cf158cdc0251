package identity

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"gradphoto/shared/apperr"
)

// Field names the errors of this package refer to.
const (
	NumberField = "doc_number" // the document number
	TypeField   = "doc_type"   // the document type
	MRZField    = "mrz"        // the scanned machine-readable zone
)

// numberError returns an error about the document number.
func numberError(zh, en string) *apperr.Error {
	return apperr.Field(NumberField, zh, en)
}

var errEmpty = numberError("请填写证件号码", "Enter the document number")

// badChar reports the character r at position pos (counting from 1) where the
// document has wantZH / wantEN.
func badChar(pos int, r rune, wantZH, wantEN string) *apperr.Error {
	return numberError(
		fmt.Sprintf("第%d位应为%s，而不是%s", pos, wantZH, quoteZH(r)),
		fmt.Sprintf("Character %d must be %s, not %s", pos, wantEN, quoteEN(r)))
}

// badLength reports a number of n characters where the document has want.
func badLength(t DocType, n int, wantZH, wantEN string) *apperr.Error {
	zh, _ := t.Label()
	return numberError(
		fmt.Sprintf("%s号码应为%s，当前为%d位", zh, wantZH, n),
		fmt.Sprintf("%s number has %s; this one has %d", article(nounEN(t)), wantEN, n))
}

// otherType reports a number that belongs to the document type t, with the
// reason why as a clause: "以9开头的18位号码" / "An 18-character number
// starting with 9".
func otherType(t DocType, whyZH, whyEN string) *apperr.Error {
	zh, en := t.Label()
	return numberError(
		fmt.Sprintf("%s是%s号码，请选择证件类型“%s”", whyZH, zh, zh),
		fmt.Sprintf("%s is %s number: choose the document type \"%s\"", whyEN, article(nounEN(t)), en))
}

// nounEN names the document type inside an English sentence.
func nounEN(t DocType) string {
	switch t {
	case ResidentID:
		return "resident ID"
	case ResidencePermit:
		return "residence permit"
	case HKMacauPermit:
		return "Hong Kong and Macao travel permit"
	case TaiwanPermit:
		return "Taiwan travel permit"
	case ForeignPermanentResident:
		return "foreign permanent resident ID"
	}
	return "passport"
}

// article puts "A" or "An" before noun.
func article(noun string) string {
	switch noun[0] {
	case 'a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U':
		return "An " + noun
	}
	return "A " + noun
}

// firstBad returns the position (counting from 1) and the rune of the first
// rune of s that ok rejects, or 0 if there is none. ok gets the rune's
// position too.
func firstBad(s string, ok func(pos int, r rune) bool) (int, rune) {
	pos := 0
	for _, r := range s {
		pos++
		if !ok(pos, r) {
			return pos, r
		}
	}
	return 0, 0
}

func isDigit(r rune) bool  { return '0' <= r && r <= '9' }
func isLetter(r rune) bool { return 'A' <= r && r <= 'Z' }

// quoteZH and quoteEN show a character in a message: printable ones in
// quotes, others by their code point, so a message never carries a control
// character or a stray half of a broken sequence.
func quoteZH(r rune) string {
	if printable(r) {
		return "“" + string(r) + "”"
	}
	return fmt.Sprintf("字符U+%04X", r)
}

func quoteEN(r rune) string {
	if printable(r) {
		return `"` + string(r) + `"`
	}
	return fmt.Sprintf("the character U+%04X", r)
}

func printable(r rune) bool {
	return r != utf8.RuneError && unicode.IsPrint(r)
}
