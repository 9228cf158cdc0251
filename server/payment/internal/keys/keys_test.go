package keys

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"strings"
	"testing"

	"gradphoto/server/payment/internal/testkeys"
)

func TestParse(t *testing.T) {
	k := testkeys.Get("keys-test")
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
	pkcs8 := PrivatePEM(k)
	body := base64.StdEncoding.EncodeToString(x509.MarshalPKCS1PrivateKey(k))
	for name, s := range map[string]string{"pkcs1": pkcs1, "pkcs8": pkcs8, "bare": body} {
		got, err := ParsePrivate(s)
		if err != nil || !got.Equal(k) {
			t.Errorf("%s: %v", name, err)
		}
	}
	pub := &k.PublicKey
	pubPKCS1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(pub)}))
	for name, s := range map[string]string{"pkix": PublicPEM(pub), "pkcs1": pubPKCS1, "bare": base64.StdEncoding.EncodeToString(PublicDER(pub))} {
		got, err := ParsePublic(s)
		if err != nil || !got.Equal(pub) {
			t.Errorf("public %s: %v", name, err)
		}
	}
}

func TestErrorsDoNotQuoteKeys(t *testing.T) {
	k := testkeys.Get("keys-test")
	good := PrivatePEM(k)
	// Corrupt the body but keep it PEM-shaped.
	bad := strings.Replace(good, "MII", "MIX", 1)
	_, err := ParsePrivate(bad)
	if err == nil {
		t.Fatal("corrupt key accepted")
	}
	if strings.Contains(err.Error(), "MI") || len(err.Error()) > 100 {
		t.Errorf("error quotes the key: %v", err)
	}
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	if _, err := ParsePrivate(PrivatePEM(small)); err == nil {
		t.Error("1024-bit key accepted")
	}
	if _, err := ParsePublic("hello"); err == nil {
		t.Error("garbage public key accepted")
	}
}
