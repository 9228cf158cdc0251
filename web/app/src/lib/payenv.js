// Where the student is paying from, and which payment channels fit there.
// Pure (no browser globals, no Vue): the order screen passes what it reads
// from navigator and window, and tests pass what they like
// (node --test web/app/src/lib/).
//
// The choice, by environment:
//   miniprogram  inside the WeChat mini-program's web-view
//                (window.__wxjs_environment === 'miniprogram' or a UA with
//                "miniProgram"): the page cannot pay itself; it hands the order
//                to the mini-program's native page /pages/pay/pay, which pays
//                with wechat_jsapi (wx.requestPayment). Offered when
//                wechat_jsapi is enabled.
//   wechat       WeChat's own browser (UA "MicroMessenger"): wechat_jsapi when
//                the payer's openid is known (WeixinJSBridge), otherwise
//                wechat_native as a QR code the student long-presses to pay.
//                wechat_h5 is NOT offered here: WeChat refuses H5 payment
//                inside its own browser ("请在微信外打开订单"), and Alipay is
//                blocked there.
//   mobile       another phone browser: alipay_wap and wechat_h5, for the
//                student to pick.
//   desktop      a computer: QR codes, wechat_native and alipay_qr.
// In dev mode (config.dev) the dev provider comes first everywhere.
// Only channels that /config lists are offered.

export const MINIPROGRAM = 'miniprogram'; // not a channel: the hand-off to the mini-program

// detectEnv tells the environment from the user agent, window.__wxjs_environment
// and navigator.maxTouchPoints (iPadOS says "Macintosh").
export function detectEnv({ ua = '', wxjsEnv = '', touchPoints = 0 } = {}) {
  if (wxjsEnv === 'miniprogram' || /miniProgram/i.test(ua)) return 'miniprogram';
  if (/MicroMessenger/i.test(ua)) return 'wechat';
  if (/Mobi|Android|iPhone|iPad|iPod|HarmonyOS|OpenHarmony|Windows Phone/i.test(ua)) return 'mobile';
  if (/Macintosh/i.test(ua) && touchPoints > 1) return 'mobile';
  return 'desktop';
}

const PREFERRED = {
  miniprogram: [MINIPROGRAM],
  wechat: ['wechat_jsapi', 'wechat_native'],
  mobile: ['alipay_wap', 'wechat_h5'],
  desktop: ['wechat_native', 'alipay_qr'],
};

// payOptions returns the environment and the ways to pay there, best first:
// channels from /config (channels), plus MINIPROGRAM for the hand-off.
export function payOptions({ ua = '', wxjsEnv = '', touchPoints = 0, channels = [], dev = false, openid = '' } = {}) {
  const env = detectEnv({ ua, wxjsEnv, touchPoints });
  const enabled = new Set(channels);
  const options = [];
  if (dev && enabled.has('dev')) options.push('dev');
  for (const c of PREFERRED[env]) {
    if (c === MINIPROGRAM) {
      if (enabled.has('wechat_jsapi')) options.push(MINIPROGRAM);
    } else if (c === 'wechat_jsapi') {
      if (openid && enabled.has(c)) options.push(c);
    } else if (enabled.has(c)) options.push(c);
  }
  return { env, options };
}

// flowOf says what the client does with a channel's answer.
export function flowOf(channel) {
  switch (channel) {
    case MINIPROGRAM: return 'handoff';
    case 'wechat_jsapi': return 'jsapi';
    case 'wechat_native': case 'alipay_qr': return 'qr';
    case 'wechat_h5': case 'alipay_wap': case 'dev': return 'redirect';
    default: return '';
  }
}

// miniProgramPayURL is the mini-program page the web-view hands an order to.
export function miniProgramPayURL(order) {
  return `/pages/pay/pay?order=${encodeURIComponent(order.id)}&number=${encodeURIComponent(order.number)}`;
}
