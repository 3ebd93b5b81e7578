export { renderHtmlReport } from './render.js';
