// Checks of a mailing address as the student types it, with the server's
// rules (shared/contact: Address.Normalize, Mobile, Postcode) and words in
// both languages. Each check returns null when the value is fine, or {zh, en}.
// With partial (while the student is still typing a field) a value that is
// only too short yet is not an error; a wrong character, a wrong start or too
// many characters is, at once. Pure: node --test web/app/src/lib/.

// The server's field names ("address." + JSON name) for a printed order.
export const ADDRESS_FIELDS = ['recipient', 'mobile', 'province', 'city', 'district', 'detail', 'postcode'];

// compact drops spaces, hyphens and brackets and makes full-width digits and
// plus signs plain, as the server does before it checks a number.
export function compact(s) {
  return String(s || '')
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xFF10 + 48))
    .replace(/\uFF0B/g, '+')
    .replace(/[\s\-()（）\u3000]/g, '');
}

function firstNonDigit(s) {
  const m = /[^0-9]/.exec(s);
  return m ? m[0] : '';
}

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u0600-\u0605\u061C\u06DD\u070F\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/;

function textCheck(value, { zh, en, min, max }, partial) {
  const s = String(value || '').trim().split(/\s+/).filter(Boolean).join(' ');
  const bad = INVISIBLE.exec(s);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return { zh: `${zh}包含不可见的控制字符U+${code}`, en: `${cap(en)} holds the invisible control character U+${code}` };
  }
  const n = [...s].length;
  if (n > max) return { zh: `${zh}最多${max}个字，当前为${n}个`, en: `${cap(en)} has at most ${max} characters; this one has ${n}` };
  if (partial) return null;
  if (n === 0 && min > 0) return { zh: `请填写${zh}`, en: `Enter ${en}` };
  if (n < min) return { zh: `${zh}至少${min}个字，当前为${n}个`, en: `${cap(en)} has at least ${min} characters; this one has ${n}` };
  return null;
}

function cap(s) { return s ? s[0].toUpperCase() + s.slice(1) : s; }

export function checkRecipient(v, partial = false) {
  return textCheck(v, { zh: '收件人姓名', en: "the recipient's name", min: 1, max: 30 }, partial);
}

export function checkDetail(v, partial = false) {
  return textCheck(v, { zh: '详细地址', en: 'the detailed address', min: 4, max: 120 }, partial);
}

// checkArea wants province, city and district, as the area picker fills them.
export function checkArea(a) {
  if (!a || !a.province || !a.city || !a.district) {
    return { zh: '请选择省、市、区县', en: 'Choose the province, city and district' };
  }
  return null;
}

// checkMobile: a mainland mobile number, 11 digits starting 13 to 19, with an
// optional +86, 0086 or 86 in front.
export function checkMobile(v, partial = false) {
  let s = compact(v);
  if (s === '') return partial ? null : { zh: '请填写手机号码', en: 'Enter the mobile number' };
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2);
  else if (s.startsWith('+') || (s.startsWith('00') && s.length > 2)) {
    if (!(partial && ('+86'.startsWith(s) || '0086'.startsWith(s)))) {
      return { zh: '只支持中国大陆手机号码（+86）', en: 'Only mainland China mobile numbers (+86) are accepted' };
    }
    return null;
  }
  const bad = firstNonDigit(s);
  if (bad) return { zh: `手机号码只能包含数字，不能有“${bad}”`, en: `A mobile number has digits only, not "${bad}"` };
  // While typing, "86…" may still become +86 and a 13-digit number.
  const max = partial && s.startsWith('86') ? 13 : 11;
  if (s.length > max || (!partial && s.length !== 11)) {
    return { zh: `手机号码应为11位数字，当前为${s.length}位`, en: `A mobile number has 11 digits; this one has ${s.length}` };
  }
  if (s.length >= 1 && s[0] !== '1' && !(partial && s.startsWith('8'))) {
    return { zh: `手机号码应以13至19开头，而不是${s.slice(0, 2)}`, en: `A mainland mobile number starts with 13 to 19, not ${s.slice(0, 2)}` };
  }
  if (s.length >= 2 && s[0] === '1' && s[1] < '3') {
    return { zh: `手机号码应以13至19开头，而不是${s.slice(0, 2)}`, en: `A mainland mobile number starts with 13 to 19, not ${s.slice(0, 2)}` };
  }
  return null;
}

// checkPostcode: 6 digits, not starting with 9.
export function checkPostcode(v, partial = false) {
  const s = compact(v);
  if (s === '') return partial ? null : { zh: '请填写邮政编码', en: 'Enter the postcode' };
  const bad = firstNonDigit(s);
  if (bad) return { zh: `邮政编码只能包含数字，不能有“${bad}”`, en: `A postcode has digits only, not "${bad}"` };
  if (s.length > 6 || (!partial && s.length !== 6)) {
    return { zh: `邮政编码应为6位数字，当前为${s.length}位`, en: `A postcode has 6 digits; this one has ${s.length}` };
  }
  if (s[0] === '9') {
    return { zh: '邮政编码不以9开头：中国大陆的邮政编码以0至8开头', en: 'Mainland China postcodes start with 0 to 8, not 9' };
  }
  return null;
}

// checkAddress checks every field (not partial) and returns {field: {zh, en}}
// for the wrong ones; empty when the address may be sent.
export function checkAddress(a) {
  const errs = {};
  const put = (k, e) => { if (e) errs[k] = e; };
  put('recipient', checkRecipient(a.recipient));
  put('mobile', checkMobile(a.mobile));
  put('area', checkArea(a));
  put('detail', checkDetail(a.detail));
  put('postcode', checkPostcode(a.postcode));
  return errs;
}

// formFieldOf maps a server error's field ("address.mobile") to the form's
// field; '' when the error is not about one field of the form.
export function formFieldOf(field) {
  const f = String(field || '').replace(/^address\./, '');
  if (['province', 'city', 'district', 'street'].includes(f)) return 'area';
  if (['recipient', 'mobile', 'detail', 'postcode'].includes(f)) return f;
  return '';
}

// yuan formats an amount in fen as yuan: 3500 -> "35.00".
export function yuan(fen) {
  const n = Number(fen) || 0;
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(Math.round(n));
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

// addressLine writes an address on one line for display: the place from
// the province down, then the postcode (after postcodeWord, when given).
export function addressLine(a, postcodeWord = '') {
  if (!a) return '';
  const place = [a.province, a.city, a.district, a.street, a.detail].filter(Boolean).join(' ');
  return `${place} · ${postcodeWord ? `${postcodeWord} ` : ''}${a.postcode}`;
}
