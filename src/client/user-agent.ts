import { PACKAGE } from "../../generated/package.js";

export const USER_AGENT = PACKAGE;
