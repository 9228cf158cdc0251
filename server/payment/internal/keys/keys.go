// Package keys parses the RSA keys of the payment providers' configuration.
// Its errors never quote the key material (gopay's own parser puts the whole
// PEM, private keys included, into its error messages, which end up in logs).
package keys

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"strings"
)

// ParsePrivate reads an RSA private key in PEM (PKCS#1 or PKCS#8), or the
// bare base64 body of one as Alipay's tools print it.
func ParsePrivate(s string) (*rsa.PrivateKey, error) {
	der, err := pemOrBase64(s)
	if err != nil {
		return nil, errors.New("private key: not PEM or base64")
	}
	rk, err := x509.ParsePKCS1PrivateKey(der)
	if err != nil {
		k, err8 := x509.ParsePKCS8PrivateKey(der)
		if err8 != nil {
			return nil, errors.New("private key: not an RSA key in PKCS#1 or PKCS#8")
		}
		var ok bool
		if rk, ok = k.(*rsa.PrivateKey); !ok {
			return nil, errors.New("private key: not an RSA key")
		}
	}
	if rk.N.BitLen() < 2048 {
		return nil, errors.New("private key: shorter than 2048 bits")
	}
	return rk, nil
}

// ParsePublic reads an RSA public key in PEM (PKIX "PUBLIC KEY", PKCS#1
// "RSA PUBLIC KEY" or a certificate), or the bare base64 of a PKIX key.
func ParsePublic(s string) (*rsa.PublicKey, error) {
	s = strings.TrimSpace(s)
	if block, _ := pem.Decode([]byte(s)); block != nil {
		switch block.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, errors.New("public key: bad certificate")
			}
			if k, ok := c.PublicKey.(*rsa.PublicKey); ok {
				return k, nil
			}
			return nil, errors.New("public key: certificate key is not RSA")
		case "RSA PUBLIC KEY":
			k, err := x509.ParsePKCS1PublicKey(block.Bytes)
			if err != nil {
				return nil, errors.New("public key: bad PKCS#1 key")
			}
			return k, nil
		}
		return pkix(block.Bytes)
	}
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		return nil, errors.New("public key: not PEM or base64")
	}
	return pkix(der)
}

func pkix(der []byte) (*rsa.PublicKey, error) {
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, errors.New("public key: bad PKIX key")
	}
	rk, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("public key: not RSA")
	}
	return rk, nil
}

func pemOrBase64(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if block, _ := pem.Decode([]byte(s)); block != nil {
		return block.Bytes, nil
	}
	return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
}

// PrivatePEM encodes k as a PKCS#8 "PRIVATE KEY" PEM block.
func PrivatePEM(k *rsa.PrivateKey) string {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		panic(err) // cannot happen for an RSA key
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// PublicPEM encodes k as a PKIX "PUBLIC KEY" PEM block.
func PublicPEM(k *rsa.PublicKey) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: PublicDER(k)}))
}

// PublicDER is k in PKIX DER.
func PublicDER(k *rsa.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		panic(err) // cannot happen for an RSA key
	}
	return der
}
