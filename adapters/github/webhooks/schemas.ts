import { z } from 'zod';

// Only the fields Codecot reads, checked; everything else in GitHub's payloads passes untouched.

const repository = z.object({ full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/) });
const sha = z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/);
const pullRefs = z.array(z.object({ number: z.number().int().positive() })).default([]);
const login = z.object({ login: z.string() });

export const checkSuiteSchema = z.object({
  action: z.string(),
  check_suite: z.object({ head_sha: sha, pull_requests: pullRefs }),
  repository,
});

export const checkRunSchema = z.object({
  action: z.string(),
  check_run: z.object({ head_sha: sha, pull_requests: pullRefs }),
  repository,
});

export const statusSchema = z.object({ sha, state: z.string(), repository });

export const pushSchema = z.object({
  ref: z.string(),
  after: sha,
  deleted: z.boolean().nullish(),
  repository: repository.extend({ default_branch: z.string() }),
});

export const pullRequestSchema = z.object({
  action: z.string(),
  number: z.number().int().positive(),
  pull_request: z.object({
    title: z.string(),
    merged: z.boolean().nullish(),
    merged_at: z.string().nullish(),
    merged_by: login.nullish(),
  }),
  sender: login.nullish(),
  repository,
});

export const deploymentStatusSchema = z.object({
  deployment_status: z.object({
    state: z.string(),
    environment: z.string().nullish(),
    environment_url: z.string().nullish(),
  }),
  deployment: z.object({ sha, environment: z.string() }),
  repository,
});
