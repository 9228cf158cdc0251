package identity

// weights are the ISO 7064 MOD 11-2 weights of the first 17 characters of an
// 18-character number: 2^(17-i) mod 11.
var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// checkChars maps the weighted sum mod 11 to the check character.
const checkChars = "10X98765432"

// CheckChar returns the check character ('0' to '9' or 'X') that completes
// first17, the first 17 digits of a resident ID, residence permit or new
// foreign permanent resident ID number, by ISO 7064 MOD 11-2 as GB 11643
// prescribes. It returns 0 if first17 is not 17 ASCII digits.
func CheckChar(first17 string) byte {
	if len(first17) != len(weights) {
		return 0
	}
	sum := 0
	for i, w := range weights {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0
		}
		sum += int(c-'0') * w
	}
	return checkChars[sum%11]
}
