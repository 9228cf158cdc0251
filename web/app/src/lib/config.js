// The service's public settings (GET /config): document types, levels,
// prices, payment channels, dev mode. Loaded once; kept for offline use.
import { ref } from 'vue';
import { api } from './api.js';

const STORE = 'gradphoto.config';
export const config = ref(JSON.parse(localStorage.getItem(STORE) || 'null'));

export async function loadConfig() {
  try {
    config.value = await api('GET', '/config');
    localStorage.setItem(STORE, JSON.stringify(config.value));
  } catch (err) {
    if (!config.value) throw err;
  }
  return config.value;
}
