// Every test process speaks to the local cloud, never to Tencent Cloud:
// without TENCENTCLOUD=true node-sdk probes the metadata server before each call.
process.env.TENCENTCLOUD = 'true';
