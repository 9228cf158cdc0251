package identity

// DocType is the kind of identity document a number belongs to. Its values
// are stable strings, stored with each student and sent over the API.
type DocType string

const (
	// ResidentID is the mainland resident identity card (居民身份证):
	// 18 characters, or 15 digits on cards issued before 1999.
	ResidentID DocType = "resident_id"
	// ResidencePermit is the residence permit for Hong Kong, Macao and Taiwan
	// residents (港澳台居民居住证): the resident ID scheme with the region
	// 810000, 820000 or 830000.
	ResidencePermit DocType = "residence_permit"
	// HKMacauPermit is the mainland travel permit for Hong Kong and Macao
	// residents (港澳居民来往内地通行证): H or M, 8 digits and, on older
	// cards, a 2-digit issue count.
	HKMacauPermit DocType = "hk_macau_permit"
	// TaiwanPermit is the mainland travel permit for Taiwan residents
	// (台湾居民来往大陆通行证): 8 digits, or on older permits 10 digits and
	// a bracketed letter.
	TaiwanPermit DocType = "taiwan_permit"
	// ForeignPermanentResident is the foreign permanent resident ID card
	// (外国人永久居留身份证): 18 characters starting with 9 since December
	// 2023, 3 letters and 12 digits before.
	ForeignPermanentResident DocType = "foreign_permanent_resident"
	// Passport is a passport of any country, checked loosely.
	Passport DocType = "passport"
)

// docTypes lists the types in the order a form offers them.
var docTypes = []DocType{
	ResidentID,
	ResidencePermit,
	HKMacauPermit,
	TaiwanPermit,
	ForeignPermanentResident,
	Passport,
}

// DocTypes returns every document type, in the order a form should offer
// them. The slice is a fresh copy the caller may change.
func DocTypes() []DocType {
	return append([]DocType(nil), docTypes...)
}

// Valid reports whether t is one of the document types of this package.
func (t DocType) Valid() bool {
	_, _, ok := t.label()
	return ok
}

// Label returns the name of the document type in Chinese and in English, as
// the form shows it. Both are empty for an invalid type.
func (t DocType) Label() (zh, en string) {
	zh, en, _ = t.label()
	return zh, en
}

func (t DocType) label() (zh, en string, ok bool) {
	switch t {
	case ResidentID:
		return "居民身份证", "Resident identity card (mainland China)", true
	case ResidencePermit:
		return "港澳台居民居住证", "Residence permit for Hong Kong, Macao and Taiwan residents", true
	case HKMacauPermit:
		return "港澳居民来往内地通行证", "Mainland travel permit for Hong Kong and Macao residents", true
	case TaiwanPermit:
		return "台湾居民来往大陆通行证", "Mainland travel permit for Taiwan residents", true
	case ForeignPermanentResident:
		return "外国人永久居留身份证", "Foreign permanent resident ID card", true
	case Passport:
		return "护照", "Passport", true
	}
	return "", "", false
}

// Sex is the sex a document records. The zero value means the document does
// not say.
type Sex string

const (
	Unknown Sex = ""
	Male    Sex = "male"
	Female  Sex = "female"
)

// Label returns the sex in Chinese and in English; both are empty for Unknown
// and for values other than Male and Female.
func (s Sex) Label() (zh, en string) {
	switch s {
	case Male:
		return "男", "Male"
	case Female:
		return "女", "Female"
	}
	return "", ""
}
