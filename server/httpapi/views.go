package httpapi

import (
	"encoding/json"
	"time"

	"gradphoto/server/app"
	"gradphoto/shared/contact"
	"gradphoto/shared/identity"
	"gradphoto/shared/money"
	"gradphoto/shared/order"
	"gradphoto/shared/record"
)

// The JSON the API answers with. Personal numbers appear masked; the owner
// gets their own document number opened where the app shows it in full.

type label struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

type accountView struct {
	ID                 int64            `json:"id"`
	Role               app.Role         `json:"role"`
	DocType            identity.DocType `json:"doc_type"`
	DocNumberMasked    string           `json:"doc_number_masked"`
	MobileMasked       string           `json:"mobile_masked"`
	Name               string           `json:"name"`
	Email              string           `json:"email"`
	Sex                identity.Sex     `json:"sex"`
	MustChangePassword bool             `json:"must_change_password"`
}

func viewAccount(a *app.Account) accountView {
	return accountView{
		ID: a.ID, Role: a.Role, DocType: a.DocType, DocNumberMasked: a.DocMasked, MobileMasked: a.MobileMasked,
		Name: a.Name, Email: a.Email, Sex: a.Sex, MustChangePassword: a.MustChangePassword,
	}
}

type collectionView struct {
	ID           int64           `json:"id"`
	Student      record.Student  `json:"student"`
	Locked       bool            `json:"locked"`
	ErrorReport  string          `json:"error_report,omitempty"`
	State        record.State    `json:"state"`
	StateLabel   label           `json:"state_label"`
	Source       record.Source   `json:"source,omitempty"`
	HasPhoto     bool            `json:"has_photo"`
	PhotoURL     string          `json:"photo_url,omitempty"`
	OriginalURL  string          `json:"original_url,omitempty"`
	EngineReport json.RawMessage `json:"engine_report,omitempty"`
	CheckReport  json.RawMessage `json:"check_report,omitempty"`
	ReturnReason string          `json:"return_reason,omitempty"`
	ChsiCode     string          `json:"chsi_code,omitempty"`
	UpdatedAt    time.Time       `json:"updated_at"`
}

func viewCollection(c *app.Collection) collectionView {
	v := collectionView{
		ID: c.ID, Student: c.Student, Locked: c.Locked(), ErrorReport: c.ErrorReport, State: c.State,
		Source: c.Source, EngineReport: c.EngineReport, CheckReport: c.CheckReport, ReturnReason: c.ReturnReason, ChsiCode: c.ChsiCode,
		UpdatedAt: c.UpdatedAt, HasPhoto: c.PhotoID != 0 || c.OriginalID != 0,
	}
	v.StateLabel.ZH, v.StateLabel.EN = c.State.Label()
	if v.HasPhoto {
		v.PhotoURL = "/api/v1/collections/" + itoa(c.ID) + "/photo"
	}
	if c.OriginalID != 0 {
		v.OriginalURL = "/api/v1/collections/" + itoa(c.ID) + "/photo/original"
	}
	return v
}

type orderView struct {
	ID           int64            `json:"id"`
	Number       string           `json:"number"`
	CollectionID int64            `json:"collection_id"`
	Kind         order.Kind       `json:"kind"`
	State        order.State      `json:"state"`
	StateLabel   label            `json:"state_label"`
	Items        []order.Item     `json:"items"`
	Total        money.Fen        `json:"total_fen"`
	TotalYuan    string           `json:"total_yuan"`
	Address      *contact.Address `json:"address,omitempty"`
	Carrier      string           `json:"carrier,omitempty"`
	TrackingNo   string           `json:"tracking_no,omitempty"`
	CreatedAt    time.Time        `json:"created_at"`
	ExpiresAt    time.Time        `json:"expires_at"`
	PaidAt       *time.Time       `json:"paid_at,omitempty"`
	ShippedAt    *time.Time       `json:"shipped_at,omitempty"`
}

func viewOrder(o *app.Order, addr *contact.Address) orderView {
	v := orderView{
		ID: o.ID, Number: o.Number, CollectionID: o.CollectionID, Kind: o.Kind, State: o.State,
		Items: o.Quote.Items, Total: o.Amount, TotalYuan: o.Amount.Yuan(), Address: addr,
		Carrier: o.Carrier, TrackingNo: o.TrackingNo, CreatedAt: o.CreatedAt, ExpiresAt: o.ExpiresAt,
	}
	v.StateLabel.ZH, v.StateLabel.EN = o.State.Label()
	if !o.PaidAt.IsZero() {
		v.PaidAt = &o.PaidAt
	}
	if !o.ShippedAt.IsZero() {
		v.ShippedAt = &o.ShippedAt
	}
	return v
}
