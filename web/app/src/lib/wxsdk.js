// WeChat's JS-SDK, loaded only inside the mini-program's web-view (the order
// screen calls it there and nowhere else): it hands an order to the
// mini-program's native payment page.
const SDK = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';
let loading = null;

export function loadWxSDK() {
  if (window.wx && window.wx.miniProgram) return Promise.resolve(window.wx);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = SDK;
      s.async = true;
      s.onload = () => (window.wx && window.wx.miniProgram ? resolve(window.wx) : reject(new Error('wx.miniProgram missing')));
      s.onerror = () => { loading = null; s.remove(); reject(new Error('JS-SDK did not load')); };
      document.head.appendChild(s);
    });
  }
  return loading;
}

// navigateMiniProgram opens a page of the mini-program from the web-view.
export async function navigateMiniProgram(url) {
  const wx = await loadWxSDK();
  return new Promise((resolve, reject) => {
    wx.miniProgram.navigateTo({ url, success: resolve, fail: (e) => reject(new Error((e && e.errMsg) || 'navigateTo failed')) });
  });
}

// jsapiPay pays with WeixinJSBridge in WeChat's browser (official-account
// page) with the parameters of POST /orders/{id}/pay {channel: wechat_jsapi}.
// It resolves with 'ok', 'cancel' or 'fail'.
export function jsapiPay(params) {
  return new Promise((resolve) => {
    const go = () => window.WeixinJSBridge.invoke('getBrandWCPayRequest', params, (res) => {
      const m = (res && res.err_msg) || '';
      resolve(m.endsWith(':ok') ? 'ok' : m.endsWith(':cancel') ? 'cancel' : 'fail');
    });
    if (window.WeixinJSBridge) go();
    else document.addEventListener('WeixinJSBridgeReady', go, { once: true });
  });
}
