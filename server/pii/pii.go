// Package pii protects personal data at rest. ID numbers and phone numbers
// are stored twice: as a keyed hash, so an account or a roster row can be
// found by the number without the number being in the database, and sealed
// with AES-GCM, so the owner (and staff) can see it again. Lists show only
// masked forms. Both keys derive from one 32-byte secret kept outside git.
package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
)

// Keeper hashes and seals personal data with keys derived from one secret.
type Keeper struct {
	hashKey []byte
	aead    cipher.AEAD
}

// New derives the hash and cipher keys from secret (32 bytes).
func New(secret []byte) (*Keeper, error) {
	if len(secret) != 32 {
		return nil, fmt.Errorf("pii: the data key must be 32 bytes, got %d", len(secret))
	}
	block, err := aes.NewCipher(derive(secret, "gradphoto/pii/seal"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Keeper{hashKey: derive(secret, "gradphoto/pii/lookup"), aead: aead}, nil
}

func derive(secret []byte, label string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Hash returns the lookup hash of value in a domain ("doc", "mobile"), so
// equal numbers of different kinds do not share a hash.
func (k *Keeper) Hash(domain, value string) string {
	m := hmac.New(sha256.New, k.hashKey)
	m.Write([]byte(domain))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}

// Seal encrypts value for storage. Each call uses a fresh nonce.
func (k *Keeper) Seal(value string) string {
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("pii: no randomness: " + err.Error())
	}
	return base64.RawStdEncoding.EncodeToString(k.aead.Seal(nonce, nonce, []byte(value), nil))
}

// ErrTampered means a sealed value did not decrypt: wrong key or altered data.
var ErrTampered = errors.New("pii: sealed value does not open with this key")

// Open decrypts a value made by Seal.
func (k *Keeper) Open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	b, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil || len(b) < k.aead.NonceSize() {
		return "", ErrTampered
	}
	n := k.aead.NonceSize()
	plain, err := k.aead.Open(nil, b[:n], b[n:], nil)
	if err != nil {
		return "", ErrTampered
	}
	return string(plain), nil
}
