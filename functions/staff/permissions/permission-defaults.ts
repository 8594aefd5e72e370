import type { ModulePermissions } from './permission-settings';

/**
 * The resolved shape and the defaults of module permissions, apart from the zod schemas so that
 * the decision modules (imported by every route) bundle no schema.
 */

export type ModuleName = keyof ModulePermissions;
export type AllOrOwned = 'all' | 'owned';
/** "all", "owned", or specific project ids. */
export type ProjectScope = AllOrOwned | string[];

/**
 * Every module setting with a value: what `permissionDefaults` holds and what a role includes.
 * Confidential privacy statuses may be "all" here (the Account Admin's included value), never in a request.
 */
export interface ResolvedPermissions {
  planning: {
    access: boolean;
    projectAdmin: boolean;
    edit: ProjectScope;
    see: ProjectScope;
    confidential: 'all' | string[];
  };
  risk: { access: boolean; riskManager: boolean; edit: AllOrOwned; see: AllOrOwned };
  riskAssessments: { access: boolean; edit: AllOrOwned; see: AllOrOwned; confidential: boolean };
  control: {
    access: boolean;
    incidentsAndLogs: boolean;
    controlAdmin: boolean;
    edit: AllOrOwned;
    see: AllOrOwned;
    confidential: 'all' | string[];
  };
  jobs: { access: boolean; edit: AllOrOwned; see: AllOrOwned; confidential: 'all' | string[] };
  sustainability: { access: boolean };
}

// Each module's defaults on their own, so the rights of one module (`jobsModuleRights`, …) bundle
// only that module's (`valuesIn` in effective-permissions.ts).
export const planningDefaults: ResolvedPermissions['planning'] = {
  access: false,
  projectAdmin: false,
  edit: 'all',
  see: 'all',
  confidential: [],
};
export const riskDefaults: ResolvedPermissions['risk'] = {
  access: false,
  riskManager: false,
  edit: 'owned',
  see: 'all',
};
export const riskAssessmentsDefaults: ResolvedPermissions['riskAssessments'] = {
  access: false,
  edit: 'owned',
  see: 'all',
  confidential: false,
};
export const controlDefaults: ResolvedPermissions['control'] = {
  access: false,
  incidentsAndLogs: false,
  controlAdmin: false,
  edit: 'all',
  see: 'all',
  confidential: [],
};
export const jobsDefaults: ResolvedPermissions['jobs'] = { access: false, edit: 'all', see: 'all', confidential: [] };
export const sustainabilityDefaults: ResolvedPermissions['sustainability'] = { access: false };

/**
 * Defaults from the seed: planning edit all projects; risk edit just owned, see all departments;
 * incidents & logs and jobs edit all departments; see all wherever the seed gives a see setting.
 * Risk assessments mirror risk (edit owned, see all): the seed names no default for them.
 * Within a module, keys are in dependency order (access first, then what it gates, edit before see);
 * `fixedSetting` relies on that order.
 */
export const permissionDefaults: Readonly<ResolvedPermissions> = {
  planning: planningDefaults,
  risk: riskDefaults,
  riskAssessments: riskAssessmentsDefaults,
  control: controlDefaults,
  jobs: jobsDefaults,
  sustainability: sustainabilityDefaults,
};

/** The modules, in the order the web client shows them. */
export const moduleNames = /* @__PURE__ */ Object.keys(permissionDefaults) as ModuleName[];
