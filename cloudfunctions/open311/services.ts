// The service list (categories), their definitions (the one attribute a POST needs: the community)
// and the discovery document.
import { err, PUBLIC_CATEGORIES, type Open311Error } from '../../domain/open311';
import type { Reference } from '../../server/reference';

const CHANGESET = '2026-12-04T00:00:00+08:00';

/** Open311's services: every category, grouped public matters / disputes between people. */
export function serviceList(ref: Reference): unknown[] {
  return [...ref.categories.values()].map((c) => ({
    service_code: c._id,
    service_name: c.name,
    description: `${c.name}（调解与处置）`,
    metadata: true,
    type: 'realtime',
    keywords: [c.name.replace(/纠纷$/, ''), c._id].join(','),
    group: PUBLIC_CATEGORIES.indexOf(c._id) >= 0 ? '公共事务' : '矛盾纠纷'
  }));
}

export function serviceDefinition(
  ref: Reference,
  code: string
): { status: number; root: string; value: unknown } | Open311Error {
  if (!ref.categories.has(code)) return err(404, `no service ${code}`);
  const communities = [...ref.units.values()]
    .filter((u) => u.level === 'community' && !u.inactive)
    .map((u) => ({ key: u.id, name: u.name }));
  return {
    status: 200,
    root: 'service_definition',
    value: {
      service_code: code,
      attributes: [
        {
          variable: true,
          code: 'community',
          datatype: 'singlevaluelist',
          required: true,
          datatype_description: '事发的村（社区）',
          order: 1,
          description: '事发的村（社区）',
          values: communities
        }
      ]
    }
  };
}

export function discovery(baseUrl: string): unknown {
  return {
    changeset: CHANGESET,
    contact: '大渡口区莎姐调解中心（对接密钥向区级管理员申请）',
    key_service: '向区级管理员申请，管理员以 partners.createKey 发放',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset: CHANGESET,
        type: 'production',
        formats: ['text/xml', 'application/json']
      }
    ]
  };
}
