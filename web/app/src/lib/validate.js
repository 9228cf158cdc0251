// Checks the account screens run as the student types, before the server
// sees anything. Each returns null when the value is fine (or not finished
// yet), else a {zh, en} pair for pick(), so a message follows the language
// switch. The server's checks (shared/identity, shared/contact,
// shared/record) stay the authority: these only catch what is cheap to see.

import { checkMobile } from './address.js';

// normalizeNumber reads a document number the way the server stores it:
// full-width characters (typed with a Chinese input method) as ASCII,
// letters upper-case, spaces and hyphens left out.
export function normalizeNumber(raw) {
  let s = '';
  for (const ch of String(raw || '')) {
    let c = ch.codePointAt(0);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    else if (c === 0x3000) c = 0x20;
    const r = String.fromCodePoint(c);
    if (/[\s\-\u2010-\u2015\u2212\ufe63\u200b-\u200d\u2060\ufeff]/.test(r)) continue;
    s += r.toUpperCase();
  }
  return s;
}

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

// gbCheckChar is the GB 11643 (ISO 7064 MOD 11-2) check character of the
// first 17 digits of an 18-character ID number.
export function gbCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * W[i];
  return '10X98765432'[sum % 11];
}

function quote(ch) {
  return /^[\x21-\x7e\u4e00-\u9fff]$/.test(ch) ? { zh: `“${ch}”`, en: `"${ch}"` }
    : { zh: `字符U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`, en: `the character U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
}

// idNumberError checks an 18-character ID-card-style number (resident ID,
// residence permit, new foreign permanent resident ID) while it is typed:
// characters as they come, the check character once all 18 are there.
// final is true when the student has left the field or submits: then a
// short number is an error too. 15 digits (old cards) are left to the server.
export function idNumberError(s, final = false) {
  if (!s) return final ? { zh: '请填写身份证号码', en: 'Enter the ID number' } : null;
  const chars = [...s];
  for (let i = 0; i < chars.length && i < 18; i++) {
    const c = chars[i];
    const ok = i < 17 ? /[0-9]/.test(c) : /[0-9X]/.test(c);
    if (!ok) {
      const q = quote(c);
      return i < 17
        ? { zh: `第${i + 1}位应为数字，而不是${q.zh}`, en: `Character ${i + 1} must be a digit, not ${q.en}` }
        : { zh: `第18位应为数字或X，而不是${q.zh}`, en: `Character 18 must be a digit or X, not ${q.en}` };
    }
  }
  if (chars.length > 18) {
    return { zh: `身份证号码应为18位，当前为${chars.length}位`, en: `An ID number has 18 characters; this one has ${chars.length}` };
  }
  if (chars.length === 18) {
    const want = gbCheckChar(s.slice(0, 17));
    if (s[17] !== want) {
      return {
        zh: `第18位校验码不正确：按前17位应为${want}。请核对整个号码，其他位置输错也会导致校验失败`,
        en: `The 18th character (check character) is wrong: expected ${want} from the first 17. Check the whole number: a typo anywhere makes the check fail`,
      };
    }
    return null;
  }
  if (final && !(chars.length === 15)) {
    return { zh: `身份证号码应为18位（旧版为15位），当前为${chars.length}位`, en: `An ID number has 18 characters (15 on old cards); this one has ${chars.length}` };
  }
  return null;
}

// sexFromId is the sex an 18-character ID number records (odd 17th digit:
// male), or '' when it cannot tell yet.
export function sexFromId(s) {
  if (!/^\d{17}[\dX]$/.test(s)) return '';
  return (s.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
}

// mobileError checks a mainland mobile number (+86 allowed): the same rule
// as the mailing address's (address.js), with final for "not typing".
export function mobileError(raw, final = false) {
  return checkMobile(raw, !final);
}

// emailError checks the shape of an email address (the server checks more).
export function emailError(raw, final = false) {
  const s = String(raw || '').trim().replace(/。/g, '.');
  if (!s) return final ? { zh: '请填写电子邮箱', en: 'Enter the email address' } : null;
  if (/\s/.test(s)) return { zh: '电子邮箱地址中不能有空格', en: 'An email address has no spaces' };
  if (!final) return null;
  const at = s.split('@').length - 1;
  if (at === 0) return { zh: '电子邮箱地址缺少@', en: 'An email address has an @, as in name@example.com' };
  if (at > 1) return { zh: '电子邮箱地址只能有一个@', en: 'An email address has a single @' };
  const [local, domain] = s.split('@');
  if (!local) return { zh: '@前面缺少用户名', en: 'Something goes before the @, as in name@example.com' };
  if (!/^[^.]+(\.[^.]+)+$/.test(domain)) return { zh: '@后面应为域名，例如 example.com', en: 'A domain follows the @, as in example.com' };
  return null;
}

// nameError mirrors record.CheckName: Chinese names (with the middle dot)
// and Latin names with spaces, hyphens, apostrophes and accents.
export function nameError(raw, final = false) {
  const s = String(raw || '').trim();
  if (!s) return final ? { zh: '请填写姓名', en: 'Enter your name' } : null;
  if ([...s].length > 50) return { zh: '姓名过长', en: 'The name is too long' };
  for (const ch of s) {
    const c = ch.codePointAt(0);
    const ok = (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || ch === '·' || ch === '•'
      || /[A-Za-z '\-.]/.test(ch) || (c >= 0xc0 && c <= 0x24f);
    if (!ok) return { zh: '姓名含有不允许的字符', en: 'The name holds a character that is not allowed' };
  }
  return null;
}

// textError: a required text of at most max characters (school, college, major).
export function textError(raw, zh, en, max, final = false) {
  const s = String(raw || '').trim();
  if (!s) return final ? { zh: `请填写${zh}`, en: `Enter the ${en.toLowerCase()}` } : null;
  if ([...s].length > max) return { zh: `${zh}过长`, en: `${en} is too long` };
  return null;
}

// studentNoError mirrors the server's student-number rule.
export function studentNoError(raw, final = false) {
  const s = String(raw || '').trim();
  if (!s) return final ? { zh: '请填写学号', en: 'Enter your student number' } : null;
  if (s.length > 32) return { zh: '学号过长', en: 'The student number is too long' };
  if (!/^[0-9A-Za-z_-]+$/.test(s)) return { zh: '学号只能包含字母、数字、-和_', en: 'The student number may only hold letters, digits, - and _' };
  return null;
}

// newPasswordError mirrors the server's rule for a new password; number is
// the student's document number when known.
export function newPasswordError(pw, number, final = false) {
  if (!pw) return final ? { zh: '请填写新密码', en: 'Enter the new password' } : null;
  const n = [...pw].length;
  if (n > 64 || (final && n < 8)) return { zh: '新密码长度应为8到64个字符', en: 'The new password must be 8 to 64 characters long' };
  if (final && !(/[A-Za-z]/.test(pw) && /[0-9]/.test(pw))) {
    return { zh: '新密码需同时包含字母和数字', en: 'The new password must contain both letters and digits' };
  }
  if (number && number.length >= 6 && pw.toUpperCase().includes(number.slice(-6))) {
    return { zh: '新密码不能包含证件号码后六位', en: 'The new password must not contain the last six characters of your document number' };
  }
  return null;
}

// Shared answers.
export const REQUIRED = { zh: '此项必填', en: 'Required' };
