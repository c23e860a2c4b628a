// One privacy listener for the whole app (registered in app.ts): when any privacy API needs the user's
// agreement, the page on top shows its guide (behaviors/photoPicker's privacySheet) through
// `showPrivacy(resolve)`. A page without a guide declines, so the API fails at once instead of hanging.

/** What WeChat's listener hands over: answer 'exposureAuthorization' once shown, then 'agree' or 'disagree'. */
export type PrivacyResolve = (r: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;

interface GuidePage {
  showPrivacy?(resolve: PrivacyResolve): void;
}

export function listenForPrivacy(): void {
  wx.onNeedPrivacyAuthorization?.((resolve) => {
    // api-typings declare resolve as a result object; it is the function WeChat documents.
    const answer = resolve as unknown as PrivacyResolve;
    const pages = getCurrentPages() as unknown as GuidePage[];
    const top = pages[pages.length - 1];
    if (top && typeof top.showPrivacy === 'function') top.showPrivacy(answer);
    else answer({ event: 'disagree' });
  });
}
