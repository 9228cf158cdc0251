// node --test web/app/src/lib/
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  addressLine, checkAddress, checkDetail, checkMobile, checkPostcode, checkRecipient, compact, formFieldOf, yuan,
} from './address.js';

test('mobile', () => {
  for (const ok of ['13800138000', '+86 138 0013 8000', '8613800138000', '0086-13800138000', '１３８００１３８０００', '19912345678']) {
    assert.equal(checkMobile(ok), null, ok);
  }
  assert.match(checkMobile('').zh, /请填写/);
  assert.match(checkMobile('1380013800').en, /11 digits; this one has 10/);
  assert.match(checkMobile('12800138000').en, /starts with 13 to 19, not 12/);
  assert.match(checkMobile('138a').en, /digits only, not "a"/);
  assert.match(checkMobile('+44 7700 900123').en, /Only mainland/);
  // While typing: short is fine, a wrong start or character is not.
  assert.equal(checkMobile('138', true), null);
  assert.equal(checkMobile('', true), null);
  assert.equal(checkMobile('+8', true), null);
  assert.equal(checkMobile('86138', true), null);
  assert.match(checkMobile('12', true).en, /not 12/);
  assert.match(checkMobile('23', true).en, /not 23/);
  assert.match(checkMobile('138x', true).en, /digits only/);
  assert.match(checkMobile('138001380001', true).en, /this one has 12/);
});

test('postcode', () => {
  assert.equal(checkPostcode('200433'), null);
  assert.equal(checkPostcode(' 200 433 '), null);
  assert.match(checkPostcode('20043').en, /6 digits; this one has 5/);
  assert.equal(checkPostcode('20043', true), null);
  assert.match(checkPostcode('2004333', true).en, /this one has 7/);
  assert.match(checkPostcode('900000').en, /not 9/);
  assert.match(checkPostcode('20a', true).en, /not "a"/);
});

test('text fields', () => {
  assert.equal(checkRecipient('陈晓明'), null);
  assert.match(checkRecipient('  ').zh, /请填写收件人姓名/);
  assert.equal(checkRecipient('', true), null);
  assert.match(checkRecipient('x'.repeat(31), true).en, /at most 30/);
  assert.match(checkRecipient('a\u202Eb').en, /U\+202E/);
  assert.match(checkDetail('12号').en, /at least 4 characters; this one has 3/);
  assert.equal(checkDetail('邯郸路220号'), null);
});

test('address, server fields, money', () => {
  const good = { recipient: '陈晓明', mobile: '13800138000', province: '上海市', city: '上海市', district: '杨浦区', detail: '邯郸路220号', postcode: '200433' };
  assert.deepEqual(checkAddress(good), {});
  assert.deepEqual(Object.keys(checkAddress({ ...good, district: '', postcode: '9' })).sort(), ['area', 'postcode']);
  assert.equal(formFieldOf('address.mobile'), 'mobile');
  assert.equal(formFieldOf('address.city'), 'area');
  assert.equal(formFieldOf('collection_id'), '');
  assert.equal(compact('１３８ (0013)-8000'), '13800138000');
  assert.equal(yuan(3500), '35.00');
  assert.equal(yuan(5), '0.05');
  assert.equal(yuan(-1234), '-12.34');
});

test('an address on one line', () => {
  const a = { province: '上海市', city: '上海市', district: '徐汇区', street: '', detail: '漕溪北路 1 号', postcode: '200030' };
  assert.equal(addressLine(a), '上海市 上海市 徐汇区 漕溪北路 1 号 · 200030');
  assert.equal(addressLine(a, '邮编'), '上海市 上海市 徐汇区 漕溪北路 1 号 · 邮编 200030');
  assert.equal(addressLine(null), '');
});
