// The signed-in student's collection and orders, shared by the screens and
// refreshed when one of them changes something.
import { ref } from 'vue';
import { api } from './api.js';

export const collection = ref(null); // the student's collection, or null before 开始线上采集
export const orders = ref([]);

export async function refresh() {
  const [c, o] = await Promise.all([api('GET', '/collections'), api('GET', '/orders')]);
  collection.value = (c.collections && c.collections[0]) || null;
  orders.value = o.orders || [];
  return { collection: collection.value, orders: orders.value };
}
