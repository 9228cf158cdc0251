// Package testkeys generates the RSA keys the payment test peers use, at run
// time (no key is ever committed). Keys are cached per process by name so
// that a test binary generates each one once.
package testkeys

import (
	"crypto/rand"
	"crypto/rsa"
	"sync"
)

var (
	mu    sync.Mutex
	cache = map[string]*rsa.PrivateKey{}
)

// Get returns the 2048-bit RSA key called name, generating it on first use.
func Get(name string) *rsa.PrivateKey {
	mu.Lock()
	defer mu.Unlock()
	if k, ok := cache[name]; ok {
		return k
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("testkeys: " + err.Error())
	}
	cache[name] = k
	return k
}
