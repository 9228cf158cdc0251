// Package record holds a graduate's record as the school submits it and the
// photo collection built on it: education levels, the personal data the
// student confirms, and the collection's states.
package record

import (
	"strings"

	"gradphoto/shared/apperr"
)

// Level is the education level of the degree being completed.
type Level string

const (
	Associate Level = "associate" // 专科
	Bachelor  Level = "bachelor"  // 本科
	Master    Level = "master"    // 硕士
	Doctor    Level = "doctor"    // 博士
)

var levelNames = map[Level][2]string{
	Associate: {"专科", "Associate"},
	Bachelor:  {"本科", "Bachelor"},
	Master:    {"硕士", "Master"},
	Doctor:    {"博士", "Doctor"},
}

// Label returns the level's name for people.
func (l Level) Label() (zh, en string) {
	n := levelNames[l]
	return n[0], n[1]
}

// ParseLevel reads a level as schools write it: the code, the Chinese name
// (with or without 研究生) or the English name, in any case.
func ParseLevel(s string) (Level, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "研究生")
	for l, n := range levelNames {
		if strings.EqualFold(s, string(l)) || s == n[0] || strings.EqualFold(s, n[1]) {
			return l, nil
		}
	}
	return "", apperr.Field("level", "学历层次应为专科、本科、硕士或博士",
		"The level must be associate (专科), bachelor (本科), master (硕士) or doctor (博士)")
}
