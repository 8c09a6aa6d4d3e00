/** The gateway's log redaction is the shared one (libs/subgraph-kit): see `redactingLogger`. */
export { apolloLogger, redactingLogger, REDACTED_PATHS, scrubText, scrubValue } from '@epg/subgraph-kit';
