package devpay

import (
	"crypto/hmac"
	"html"
	"io"
	"net/http"
	"strconv"
	"strings"

	"gradphoto/server/payment"
	"gradphoto/shared/money"
)

// Handler serves the dev payment pages (mount it at PagePath). GET shows the
// order number, the amount and a confirm button, in Chinese and English;
// POST (the button) builds the signed notification with Confirm and hands it
// to deliver, the server's notification handler for this provider (the same
// code path real notifications take), then shows the outcome. With a nil
// deliver the notification is POSTed to baseURL + NotifyPath with
// http.DefaultClient instead. A link whose signature does not verify gets 403.
func (p *Provider) Handler(deliver http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		no := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		q := r.URL.Query()
		amount, err := strconv.ParseInt(q.Get("amount"), 10, 64)
		ret := q.Get("return")
		if !payment.ValidOutTradeNo(no) || err != nil || amount <= 0 || (ret != "" && !httpURL(ret)) ||
			!hmac.Equal([]byte(q.Get("sig")), []byte(p.pageSig(no, money.Fen(amount), ret))) {
			page(w, http.StatusForbidden, "链接无效 / Invalid link",
				`<p>这个支付链接无效或已被修改。<br>This payment link is invalid or was tampered with.</p>`)
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			page(w, http.StatusOK, "开发环境模拟支付 / Dev payment", `<p class="warn">仅供开发测试，不会产生真实扣款。<br>For development only: no real money moves.</p>
<dl><dt>订单号 / Order</dt><dd>`+html.EscapeString(no)+`</dd><dt>金额 / Amount</dt><dd>`+html.EscapeString(money.Fen(amount).String())+`</dd></dl>
<form method="post"><button type="submit">确认支付 / Confirm payment</button></form>`)
		case http.MethodPost:
			status, err := p.deliver(r, deliver, no, money.Fen(amount))
			if err != nil || status < 200 || status > 299 {
				page(w, http.StatusBadGateway, "支付未完成 / Payment not completed",
					`<p>服务器拒绝了支付通知（`+strconv.Itoa(status)+`）。<br>The server refused the payment notification (`+strconv.Itoa(status)+`).</p>`)
				return
			}
			back := ""
			if ret != "" {
				back = `<p><a href="` + html.EscapeString(ret) + `">返回 / Back</a></p>`
			}
			page(w, http.StatusOK, "支付成功 / Payment confirmed",
				`<p>订单 `+html.EscapeString(no)+` 已支付 `+html.EscapeString(money.Fen(amount).String())+`。<br>Order `+html.EscapeString(no)+` is paid.</p>`+back)
		default:
			w.Header().Set("Allow", "GET, HEAD, POST")
			page(w, http.StatusMethodNotAllowed, "405", "")
		}
	})
}

// deliver builds the notification and hands it to the notification handler
// (or sends it), returning the handler's status.
func (p *Provider) deliver(r *http.Request, deliver http.Handler, no string, amount money.Fen) (int, error) {
	req, err := p.Confirm(r.Context(), no, amount)
	if err != nil {
		return 0, err
	}
	if deliver == nil {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		_ = resp.Body.Close()
		return resp.StatusCode, nil
	}
	req.RequestURI = req.URL.RequestURI()
	req.RemoteAddr = r.RemoteAddr
	rec := &statusRecorder{header: http.Header{}}
	deliver.ServeHTTP(rec, req)
	if rec.code == 0 {
		rec.code = http.StatusOK
	}
	return rec.code, nil
}

// statusRecorder is the ResponseWriter of an in-process delivery: it keeps
// the status and drops the body.
type statusRecorder struct {
	header http.Header
	code   int
}

func (s *statusRecorder) Header() http.Header { return s.header }

func (s *statusRecorder) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.WriteHeader(http.StatusOK)
	return len(b), nil
}

func page(w http.ResponseWriter, status int, title, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>`+html.EscapeString(title)+`</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
.warn{background:#fff4ce;padding:.5rem .75rem;border-radius:.25rem}dt{color:#666}dd{margin:0 0 .5rem;font-size:1.25rem}
button{font-size:1.1rem;padding:.6rem 1.2rem;border:0;border-radius:.3rem;background:#1677ff;color:#fff}</style>
</head><body><main><h1>`+html.EscapeString(title)+`</h1>
`+body+`
</main></body></html>
`)
}
