// node --test web/app/src/lib/
import test from 'node:test';
import assert from 'node:assert/strict';
import { detectEnv, flowOf, miniProgramPayURL, payOptions, MINIPROGRAM } from './payenv.js';

const UA = {
  iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
  wechat: 'Mozilla/5.0 (Linux; Android 14; V2238A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
  miniProgram: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN miniProgram/wx1234567890',
  desktop: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  ipad: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
};
const ALL = ['wechat_jsapi', 'wechat_h5', 'wechat_native', 'alipay_wap', 'alipay_qr'];

test('detectEnv', () => {
  assert.equal(detectEnv({ ua: UA.miniProgram }), 'miniprogram');
  assert.equal(detectEnv({ ua: UA.wechat, wxjsEnv: 'miniprogram' }), 'miniprogram');
  assert.equal(detectEnv({ ua: UA.wechat }), 'wechat');
  assert.equal(detectEnv({ ua: UA.iphoneSafari }), 'mobile');
  assert.equal(detectEnv({ ua: UA.androidChrome }), 'mobile');
  assert.equal(detectEnv({ ua: UA.desktop }), 'desktop');
  assert.equal(detectEnv({ ua: UA.ipad }), 'desktop');
  assert.equal(detectEnv({ ua: UA.ipad, touchPoints: 5 }), 'mobile');
  assert.equal(detectEnv({}), 'desktop');
});

test('payOptions per environment', () => {
  assert.deepEqual(payOptions({ ua: UA.miniProgram, channels: ALL }).options, [MINIPROGRAM]);
  assert.deepEqual(payOptions({ ua: UA.miniProgram, channels: ['alipay_wap'] }).options, []);
  assert.deepEqual(payOptions({ ua: UA.wechat, channels: ALL }).options, ['wechat_native']);
  assert.deepEqual(payOptions({ ua: UA.wechat, channels: ALL, openid: 'o1' }).options, ['wechat_jsapi', 'wechat_native']);
  assert.deepEqual(payOptions({ ua: UA.androidChrome, channels: ALL }).options, ['alipay_wap', 'wechat_h5']);
  assert.deepEqual(payOptions({ ua: UA.androidChrome, channels: ['wechat_h5'] }).options, ['wechat_h5']);
  assert.deepEqual(payOptions({ ua: UA.desktop, channels: ALL }).options, ['wechat_native', 'alipay_qr']);
  assert.deepEqual(payOptions({ ua: UA.desktop, channels: [] }).options, []);
});

test('dev mode puts the dev provider first, only when listed', () => {
  assert.deepEqual(payOptions({ ua: UA.desktop, channels: ['dev'], dev: true }).options, ['dev']);
  assert.deepEqual(payOptions({ ua: UA.iphoneSafari, channels: ['dev', 'alipay_wap'], dev: true }).options, ['dev', 'alipay_wap']);
  assert.deepEqual(payOptions({ ua: UA.desktop, channels: ['dev'], dev: false }).options, []);
  assert.deepEqual(payOptions({ ua: UA.desktop, channels: [], dev: true }).options, []);
});

test('flowOf and the mini-program URL', () => {
  assert.equal(flowOf(MINIPROGRAM), 'handoff');
  assert.equal(flowOf('wechat_jsapi'), 'jsapi');
  assert.equal(flowOf('alipay_qr'), 'qr');
  assert.equal(flowOf('wechat_native'), 'qr');
  assert.equal(flowOf('dev'), 'redirect');
  assert.equal(flowOf('alipay_wap'), 'redirect');
  assert.equal(flowOf('nope'), '');
  assert.equal(miniProgramPayURL({ id: 7, number: 'GP20261130ABCD' }), '/pages/pay/pay?order=7&number=GP20261130ABCD');
});
