import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { defineRoute } from '../../functions/shared/contract';
import { effectivePermissions } from '../../functions/staff/permissions/effective-permissions';
import { effectivePermissionsSchema } from '../../functions/staff/permissions/effective-permissions.contract';
import { normaliseModulePermissions } from '../../functions/staff/permissions/normalise-permissions';
import {
  type ModulePermissions,
  maxPrivacyStatuses,
  maxProjectsPerList,
  modulePermissionsSchema,
  type ProjectScope,
  permissionDefaults,
} from '../../functions/staff/permissions/permission-settings';
import type { StaffRole } from '../../functions/staff/permissions/roles';
import { buildOpenApiDocument } from '../../scripts/openapi';

const roles: StaffRole[] = ['account_admin', 'user_admin', 'admin', 'general'];
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const parse = (value: unknown) => z.safeParse(modulePermissionsSchema, value);

describe('the module permissions schema', () => {
  it('accepts every setting of every module', () => {
    const everything = {
      planning: { access: true, projectAdmin: false, edit: ['p1'], see: 'owned', confidential: 'all' },
      risk: { access: true, riskManager: false, edit: 'owned', see: 'all' },
      riskAssessments: { access: true, edit: 'all', see: 'all', confidential: true },
      control: {
        access: true,
        incidentsAndLogs: true,
        controlAdmin: true,
        edit: 'owned',
        see: 'owned',
        confidential: [],
      },
      jobs: { access: true, edit: 'owned', see: 'all', confidential: ['status-hr'] },
      sustainability: { access: true },
    };
    expect(parse(everything)).toMatchObject({ success: true, data: everything });
  });

  it('refuses unknown modules and unknown settings, naming them', () => {
    const result = parse({ planning: { access: true, admin: true }, finance: {} });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('admin');
    expect(JSON.stringify(result.error?.issues)).toContain('finance');
  });

  it('refuses values outside each scope', () => {
    for (const bad of [
      { jobs: { edit: 'some' } },
      { jobs: { confidential: 'all' } },
      { risk: { edit: ['r1'] } },
      { planning: { confidential: 'none' } },
      { riskAssessments: { confidential: ['a1'] } },
      { sustainability: { access: 'yes' } },
      { control: null },
    ]) {
      expect(parse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('refuses ids that could break out of a key, and lists longer than the limits', () => {
    expect(parse({ planning: { edit: ['p#1'] } }).success).toBe(false);
    expect(parse({ jobs: { confidential: [''] } }).success).toBe(false);
    expect(parse({ planning: { see: ids('p', maxProjectsPerList) } }).success).toBe(true);
    expect(parse({ planning: { see: ids('p', maxProjectsPerList + 1) } }).success).toBe(false);
    expect(parse({ jobs: { confidential: ids('s', maxPrivacyStatuses + 1) } }).success).toBe(false);
  });

  it('keeps the stored settings of a General user with every module granted under 512 bytes of JSON', () => {
    const result = normaliseModulePermissions('general', {
      planning: { access: true, projectAdmin: true, edit: 'owned', see: 'all' },
      risk: { access: true, riskManager: true },
      riskAssessments: { access: true, confidential: true },
      control: {
        access: true,
        incidentsAndLogs: true,
        controlAdmin: true,
        confidential: ['01JD3Q8W5T6K9R2M4N7P0XYZAB'],
      },
      jobs: { access: true, confidential: ['01JD3Q8W5T6K9R2M4N7P0XYZAB'] },
      sustainability: { access: true },
    });
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result.ok && result.permissions).length).toBeLessThanOrEqual(512);
  });

  it('names exactly the settings that have defaults, module by module', () => {
    const modules = modulePermissionsSchema.def.shape;
    for (const [module, defaults] of Object.entries(permissionDefaults)) {
      const schema = modules[module as keyof typeof modules].def.innerType;
      expect(Object.keys(schema.def.shape).sort(), module).toEqual(Object.keys(defaults).sort());
    }
    expect(Object.keys(modules).sort()).toEqual(Object.keys(permissionDefaults).sort());
  });

  it('appears in the OpenAPI description as named components', () => {
    const route = defineRoute({
      method: 'PUT',
      path: '/users/{userId}/permissions',
      auth: 'staff',
      operationId: 'probePermissions',
      summary: 'probe',
      tags: ['probe'],
      body: modulePermissionsSchema,
      responses: { 200: { description: 'effective', schema: effectivePermissionsSchema } },
    });
    const names = Object.keys(buildOpenApiDocument([route]).components.schemas);
    expect(names).toEqual(
      expect.arrayContaining([
        'ModulePermissions',
        'PlanningPermissions',
        'RiskPermissions',
        'RiskAssessmentPermissions',
        'ControlPermissions',
        'JobPermissions',
        'SustainabilityPermissions',
        'EffectivePermissions',
        'ItemRights',
        'PermissionReach',
      ]),
    );
  });
});

describe('the effective permissions schema', () => {
  it('describes what effectivePermissions returns, for every role and any stored permissions', () => {
    const stored: fc.Arbitrary<ModulePermissions> = fc.record(
      {
        planning: fc.record(
          {
            access: fc.boolean(),
            edit: fc.constantFrom<ProjectScope>('all', 'owned', ['p1']),
            confidential: fc.constant(['p2']),
          },
          { requiredKeys: [] },
        ),
        jobs: fc.record({ access: fc.boolean(), confidential: fc.constant(['s1']) }, { requiredKeys: [] }),
        risk: fc.record({ access: fc.boolean(), riskManager: fc.boolean() }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.constantFrom(...roles), stored, (role, permissions) => {
        const result = z.safeParse(effectivePermissionsSchema, effectivePermissions(role, permissions));
        expect(result.error?.issues).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
