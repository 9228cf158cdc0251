//go:build js

package alipay

// The Worker has no time zone database, and its local time is UTC. gopay
// writes the timestamp of every request in the client's location, which New
// sets to Asia/Shanghai: Alipay compares it with its own clock in China time.
// This embeds Go's time zone database (about 110 KB gzipped; nothing more if
// the Worker already imports it).
import _ "time/tzdata"
