package pii

import (
	"bytes"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	k, err := New(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"", "11010519491231002X", "13812345678", "中文地址"} {
		s := k.Seal(v)
		if v != "" && strings.Contains(s, v) {
			t.Fatalf("sealed form shows the value: %q", s)
		}
		got, err := k.Open(s)
		if err != nil || got != v {
			t.Fatalf("Open(Seal(%q)) = %q, %v", v, got, err)
		}
	}
	if k.Seal("x") == k.Seal("x") {
		t.Fatal("two seals of one value are equal: nonce reused")
	}
	other, _ := New(bytes.Repeat([]byte{8}, 32))
	if _, err := other.Open(k.Seal("secret")); err != ErrTampered {
		t.Fatalf("wrong key opened a value: %v", err)
	}
	if _, err := k.Open("not base64!"); err != ErrTampered {
		t.Fatal("garbage opened")
	}
}

func TestHash(t *testing.T) {
	k, _ := New(bytes.Repeat([]byte{7}, 32))
	if k.Hash("doc", "1") != k.Hash("doc", "1") {
		t.Fatal("hash not stable")
	}
	if k.Hash("doc", "1") == k.Hash("mobile", "1") {
		t.Fatal("domains share hashes")
	}
	other, _ := New(bytes.Repeat([]byte{8}, 32))
	if k.Hash("doc", "1") == other.Hash("doc", "1") {
		t.Fatal("hash does not depend on the key")
	}
	if _, err := New([]byte("short")); err == nil {
		t.Fatal("short key accepted")
	}
}
