// What the account screens hand each other, kept in memory only (never in
// storage, never in the URL): the number just signed up with, for the login
// screen, and the password just logged in with, for the change-password
// screen. Also how a screen shows an API error: next to its field when the
// field is on the screen, else in the screen's general message.
import { reactive } from 'vue';

export const carry = reactive({ number: '', password: '' });

// serverError puts err (an ApiError) into errors, a reactive map from field
// to {zh, en}: under its field when fields lists it, else under '' (the
// screen's general message). Network failures say so in both languages.
export function serverError(errors, err, fields) {
  const pair = { zh: err.zh || '出错了，请稍后重试', en: err.en || 'Something went wrong: try again later' };
  const field = err.field && fields.includes(err.field) ? err.field : '';
  errors[field] = pair;
  return field;
}

// scrollToError brings the first field with an error into view.
export function scrollToError() {
  requestAnimationFrame(() => {
    const el = document.querySelector('.van-field__error-message, .gp-error');
    if (el) el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
}

// The personal-data form while it is being filled in: kept in memory when
// the student leaves the screen, dropped when saved or on log-in/log-out.
const EMPTY_INFO = {
  school: '', college: '', major: '', level: '', student_no: '', name: '', sex: '', graduation_date: '', touched: false,
};
export const infoDraft = reactive({ ...EMPTY_INFO });

export function clearInfoDraft() { Object.assign(infoDraft, EMPTY_INFO); }

// forget drops everything the account screens keep for the signed-in student.
export function forget() {
  clearInfoDraft();
  carry.number = '';
  carry.password = '';
}
