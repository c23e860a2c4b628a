// After every test: no page showed an icon toast WeChat would cut short (test/support/simulate-wx.ts).
afterEach(() => {
  const found = ((globalThis as { __toastViolations?: string[] }).__toastViolations ??= []).splice(0);
  expect(found).toEqual([]);
});
