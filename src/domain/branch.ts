/** `codecot/<first 8 chars of the execution id>-<slug of the title>`, a valid git branch name. */
export function branchName(executionId: string, title: string): string {
  const slug =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/g, '') || 'change';
  return `codecot/${executionId.replace(/-/g, '').slice(0, 8)}-${slug}`;
}
