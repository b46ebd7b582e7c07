/** Where the repository is, for tests that read its files or run its programs. */
import { fileURLToPath } from 'node:url';

/** The repository's root folder, with a trailing separator. */
export const root = fileURLToPath(new URL('../../', import.meta.url));
