// Chinese and English, switched at run time. Each screen keeps its own
// words beside its code (useT); the words every screen shares are here.
import { ref, watch } from 'vue';

const STORE = 'gradphoto.lang';
export const lang = ref(localStorage.getItem(STORE) || (navigator.language.startsWith('zh') ? 'zh' : 'en'));
watch(lang, (v) => {
  localStorage.setItem(STORE, v);
  document.documentElement.lang = v === 'zh' ? 'zh-CN' : 'en';
}, { immediate: true });

export function toggleLang() { lang.value = lang.value === 'zh' ? 'en' : 'zh'; }

const common = {
  zh: {
    centre: '上海图像信息采集中心', next: '下一步', back: '返回', submit: '提交', retry: '重试', loading: '加载中…',
    required: '此项必填', offline: '当前离线', offlineBanner: '当前离线：可以拍照和处理照片，提交会在联网后自动发送', online: '已联网', lang: 'English', unknownError: '出错了，请稍后重试',
    networkError: '网络不可用，请检查网络后重试',
  },
  en: {
    centre: 'Shanghai Image Information Collection Centre', next: 'Next', back: 'Back', submit: 'Submit', retry: 'Retry',
    loading: 'Loading…', required: 'Required', offline: 'Offline',
    offlineBanner: 'Offline: you can still take and process a photo; it is sent when the network is back', online: 'Online', lang: '中文',
    unknownError: 'Something went wrong: try again later', networkError: 'No network: check the connection and try again',
  },
};

function format(s, params) {
  return params ? s.replace(/\{(\w+)\}/g, (_, k) => (k in params ? params[k] : `{${k}}`)) : s;
}

// useT returns t(key, params): the screen's words first, then the shared
// ones, in the current language; a missing key shows itself.
export function useT(words = { zh: {}, en: {} }) {
  return (key, params) => {
    const l = lang.value;
    const s = words[l]?.[key] ?? common[l][key] ?? words.zh?.[key] ?? common.zh[key] ?? key;
    return format(s, params);
  };
}

// pick returns the message of a {zh, en} pair in the current language.
export function pick(pair) {
  if (!pair) return '';
  return lang.value === 'zh' ? (pair.zh || pair.en || '') : (pair.en || pair.zh || '');
}

// when writes a server time (ISO 8601) as a date and time of the current
// language; '' for none.
export function when(iso) {
  return iso ? new Date(iso).toLocaleString(lang.value === 'zh' ? 'zh-CN' : 'en-GB') : '';
}
