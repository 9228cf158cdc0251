// node --test web/app/src/lib/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gbCheckChar, idNumberError, mobileError, normalizeNumber, sexFromId } from './validate.js';

test('GB 11643 check character', () => {
  // The standard's own examples.
  assert.equal(gbCheckChar('11010519491231002'), 'X');
  assert.equal(gbCheckChar('44052418800101001'), '4');
});

test('ID numbers as they are typed', () => {
  const cases = [
    ['', false, null],
    ['', true, /请填写/],
    ['1101051949', false, null],
    ['1101051949', true, /当前为10位/],
    ['11010519491231002X', false, null],
    ['110105194912310021', false, /应为X/],
    ['1101A5', false, /第5位应为数字/],
    ['11010519491231002X1', false, /当前为19位/],
  ];
  for (const [input, final, want] of cases) {
    const got = idNumberError(input, final);
    if (want === null) assert.equal(got, null, input);
    else assert.match(got.zh, want, input);
  }
  assert.match(idNumberError('110105194912310021').en, /expected X/);
});

test('numbers are read as the server reads them', () => {
  assert.equal(normalizeNumber('１１０１０５ 19491231-002x'), '11010519491231002X');
  assert.equal(sexFromId('11010519491231002X'), 'female');
  assert.equal(sexFromId('440524188001010014'), 'male');
  assert.equal(sexFromId('4405'), '');
});

test('mobile numbers follow the address rule', () => {
  assert.equal(mobileError('138 0013 8000', true), null);
  assert.equal(mobileError('138'), null);
  assert.match(mobileError('138', true).en, /11 digits/);
});
