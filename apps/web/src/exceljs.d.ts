// exceljs's browser build (UMD, bundled polyfills) has the package's own types.
declare module 'exceljs/dist/exceljs.min.js' {
  import ExcelJS from 'exceljs';
  export default ExcelJS;
}
