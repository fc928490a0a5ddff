declare module 'virtual:lambda-sandbox-worker' {
  /** The browser sandbox worker's code, one self-contained script. */
  const code: string;
  export default code;
}
