// How the photo upload talks to the local cloud (develop only): its `/admin` storage protocol, the one
// the server SDK speaks. (Reading photos goes through the functions' photoUrls, never from here.)

/** POSTs one storage action to the local cloud's `/admin`; rejects only on a transport failure. */
export function adminRequest<T>(
  localUrl: string,
  body: Record<string, unknown>
): Promise<{ statusCode: number; data: T | undefined }> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${localUrl}/admin`,
      method: 'POST',
      data: body,
      header: { 'content-type': 'application/json' },
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data as T | undefined }),
      fail: (err) => reject(err)
    });
  });
}
