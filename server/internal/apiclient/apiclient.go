// Package apiclient is a small client of the JSON API for end-to-end tests
// that drive a running server (native binary or Worker in workerd) over
// real HTTP, the way the app does.
package apiclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"time"
)

// Client is one signed-in (or not yet) user of the API at Base.
type Client struct {
	Base  string
	Token string
	HTTP  *http.Client
}

// New returns a client for the server at base.
func New(base string) *Client {
	return &Client{Base: strings.TrimRight(base, "/"), HTTP: &http.Client{Timeout: 30 * time.Second}}
}

// Error is an answer with an unexpected status.
type Error struct {
	Method, Path string
	Status       int
	Body         string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Status, e.Body)
}

// Do sends a request and decodes a JSON answer into out (if not nil). Any
// status outside 200-299 is an *Error.
func (c *Client) Do(method, path, contentType string, body io.Reader, header map[string]string, out any) error {
	req, err := http.NewRequest(method, c.Base+path, body)
	if err != nil {
		return err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return &Error{method, path, res.StatusCode, string(b)}
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: %w: %s", method, path, err, b)
		}
	}
	return nil
}

// JSON sends v as a JSON body.
func (c *Client) JSON(method, path string, v any, out any, header ...map[string]string) error {
	var body io.Reader
	ct := ""
	if v != nil {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		body, ct = bytes.NewReader(b), "application/json"
	}
	var h map[string]string
	if len(header) > 0 {
		h = header[0]
	}
	return c.Do(method, path, ct, body, h, out)
}

// SignUp creates a student with a resident ID number.
func (c *Client) SignUp(number, mobile, name, email string) error {
	return c.JSON("POST", "/api/v1/auth/signup", map[string]string{
		"doc_type": "resident_id", "doc_number": number, "mobile": mobile, "name": name, "email": email,
	}, nil)
}

// Login signs in and keeps the session token.
func (c *Client) Login(number, password string) error {
	var out struct {
		Token string `json:"token"`
	}
	if err := c.JSON("POST", "/api/v1/auth/login", map[string]string{"doc_number": number, "password": password}, &out); err != nil {
		return err
	}
	c.Token = out.Token
	return nil
}

// Collection is the part of a collection the tests look at.
type Collection struct {
	ID       int64  `json:"id"`
	State    string `json:"state"`
	Locked   bool   `json:"locked"`
	HasPhoto bool   `json:"has_photo"`
}

// StartCollection creates (or returns) the student's collection; student
// may be nil when the roster has them.
func (c *Client) StartCollection(student map[string]string) (Collection, error) {
	var out struct {
		Collection Collection `json:"collection"`
	}
	var body any
	if student != nil {
		body = map[string]any{"student": student}
	}
	err := c.JSON("POST", "/api/v1/collections", body, &out)
	return out.Collection, err
}

// UploadPhoto sends a photo as the app does.
func (c *Client) UploadPhoto(collectionID int64, source string, photo []byte, idempotencyKey string) (Collection, error) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("source", source)
	fw, err := w.CreateFormFile("photo", "photo.jpg")
	if err != nil {
		return Collection{}, err
	}
	fw.Write(photo)
	w.Close()
	h := map[string]string{}
	if idempotencyKey != "" {
		h["Idempotency-Key"] = idempotencyKey
	}
	var out struct {
		Collection Collection `json:"collection"`
	}
	err = c.Do("POST", fmt.Sprintf("/api/v1/collections/%d/photo", collectionID), w.FormDataContentType(), &body, h, &out)
	return out.Collection, err
}

// Order is the part of an order the tests look at.
type Order struct {
	ID       int64  `json:"id"`
	Number   string `json:"number"`
	State    string `json:"state"`
	TotalFen int64  `json:"total_fen"`
}

// CreateOrder orders kind for a collection.
func (c *Client) CreateOrder(collectionID int64, kind, idempotencyKey string, address map[string]string) (Order, error) {
	body := map[string]any{"collection_id": collectionID, "kind": kind}
	if address != nil {
		body["address"] = address
	}
	var out struct {
		Order Order `json:"order"`
	}
	err := c.JSON("POST", "/api/v1/orders", body, &out, map[string]string{"Idempotency-Key": idempotencyKey})
	return out.Order, err
}

// GetOrder reads an order.
func (c *Client) GetOrder(id int64) (Order, error) {
	var out struct {
		Order Order `json:"order"`
	}
	err := c.JSON("GET", fmt.Sprintf("/api/v1/orders/%d", id), nil, &out)
	return out.Order, err
}

// PayDev pays an order through the dev provider: it asks for the payment,
// then confirms on the dev page as a person would. It returns the page URL.
func (c *Client) PayDev(orderID int64) (string, error) {
	var out struct {
		Prepay struct {
			RedirectURL string `json:"redirect_url"`
		} `json:"prepay"`
	}
	if err := c.JSON("POST", fmt.Sprintf("/api/v1/orders/%d/pay", orderID), map[string]string{"channel": "dev"}, &out); err != nil {
		return "", err
	}
	page := out.Prepay.RedirectURL
	if page == "" {
		return "", fmt.Errorf("no dev payment page in the answer")
	}
	// The page link carries the server's base URL; follow its path on ours.
	path := page[strings.Index(page, "/api/v1/dev-pay/"):]
	res, err := c.HTTP.Post(c.Base+path, "application/x-www-form-urlencoded", nil)
	if err != nil {
		return page, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		return page, &Error{"POST", path, res.StatusCode, string(b)}
	}
	return page, nil
}
