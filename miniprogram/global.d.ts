/** What getApp<IAppOption>() returns. */
interface IAppOption {
  globalData: Record<string, never>;
}
