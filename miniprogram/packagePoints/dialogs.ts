// Modal dialogs the 德分宝 pages share.

/** The text a user typed into an editable wx.showModal, or null if they cancelled or left it empty. */
export function askText(title: string, placeholderText: string): Promise<string | null> {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      editable: true,
      placeholderText,
      success: (res) => resolve(res.confirm && res.content && res.content.trim() ? res.content.trim() : null),
      fail: () => resolve(null)
    });
  });
}

/** Whether the user confirmed. */
export function confirm(title: string, content: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, success: (res) => resolve(res.confirm), fail: () => resolve(false) });
  });
}
