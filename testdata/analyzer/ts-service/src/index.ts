export { charge, refund } from './payments.js';
