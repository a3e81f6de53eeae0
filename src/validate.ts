/**
 * "nova-ts/validate": the bundled spec's validator (the spec and ajv, about 400 kB), for
 * createNovaClient's validateResponses outside Node: `{ validateResponses: true, validator: await loadValidator() }`.
 */
export { SpecValidator, loadValidator, type Problem } from "./spec/validator.js";
