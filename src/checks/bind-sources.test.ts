/**
 * vol-bind on the machines learners have: a bind mount's Source as Docker Desktop and Windows
 * report it, and workspaces reached through a symbolic link. Payloads are trimmed `docker
 * container inspect` output in the shapes those engines give (they cannot run here).
 */
import { describe, expect, it } from 'vitest';
import { CheckSpec } from '../course/schema.js';
import { toContainerFact } from '../facts/gather.js';
import type { ContainerDetails } from '../engine/port.js';
import { emptyFacts, type EngineFacts } from './facts.js';
import { hostPathForms } from './containers.js';
import { judge } from './index.js';

const volBind = CheckSpec.parse({ kind: 'container-mount', container: 'vol-web', destination: '/usr/share/nginx/html', bind: './site' });

function inspected(source: string): ContainerDetails {
  return {
    Id: 'f0e1d2c3b4a5',
    Name: '/vol-web',
    Created: '2026-12-07T10:00:00Z',
    Image: 'sha256:nginx',
    State: { Status: 'running', Running: true, ExitCode: 0 },
    Config: { Image: 'nginx:1.27-alpine', Env: [], Labels: {} },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8050' }] }, RestartPolicy: { Name: 'no' } },
    NetworkSettings: { Ports: {}, Networks: { bridge: {} } },
    Mounts: [{ Type: 'bind', Source: source, Destination: '/usr/share/nginx/html', Mode: 'ro', RW: false, Propagation: 'rprivate' }],
  } as unknown as ContainerDetails;
}

const grade = (source: string, workspace: string, workspaceReal?: string) => {
  const facts: EngineFacts = { ...emptyFacts(), containers: [toContainerFact(inspected(source))], workspace, ...(workspaceReal ? { workspaceReal } : {}) };
  return judge(volBind, facts);
};

describe('vol-bind judges the bind-mount sources Desktop and Windows report', () => {
  it('Docker Desktop for Mac reports the folder under /host_mnt', () => {
    expect(grade('/host_mnt/Users/ana/docker-dojo/vol-bind/site', '/Users/ana/docker-dojo/vol-bind').ok).toBe(true);
    expect(grade('/Users/ana/docker-dojo/vol-bind/site', '/Users/ana/docker-dojo/vol-bind').ok).toBe(true);
  });

  it('Docker Desktop for Windows reports C:\\ folders under /run/desktop/mnt/host/c, whatever the case of the drive letter', () => {
    const workspace = 'C:\\Users\\Ana\\docker-dojo\\vol-bind';
    expect(grade('/run/desktop/mnt/host/c/Users/Ana/docker-dojo/vol-bind/site', workspace).ok).toBe(true);
    expect(grade('/run/desktop/mnt/host/C/Users/ana/docker-dojo/vol-bind/site', workspace).ok).toBe(true);
  });

  it('a Windows path may come back as C:\\…, or from Git Bash as /c/…', () => {
    const workspace = 'C:\\Users\\Ana\\docker-dojo\\vol-bind';
    expect(grade('C:\\Users\\Ana\\docker-dojo\\vol-bind\\site', workspace).ok).toBe(true);
    expect(grade('/c/Users/Ana/docker-dojo/vol-bind/site', workspace).ok).toBe(true);
  });

  it('a workspace reached through a symbolic link passes with either path', () => {
    expect(grade('/data/ana/dojo/vol-bind/site', '/home/ana/docker-dojo/vol-bind', '/data/ana/dojo/vol-bind').ok).toBe(true);
    expect(grade('/home/ana/docker-dojo/vol-bind/site', '/home/ana/docker-dojo/vol-bind', '/data/ana/dojo/vol-bind').ok).toBe(true);
  });

  it('another folder still fails, in any of these shapes', () => {
    expect(grade('/host_mnt/Users/ana/elsewhere/site', '/Users/ana/docker-dojo/vol-bind').ok).toBe(false);
    expect(grade('/run/desktop/mnt/host/d/Users/Ana/docker-dojo/vol-bind/site', 'C:\\Users\\Ana\\docker-dojo\\vol-bind').ok).toBe(false);
    expect(grade('/home/ana/docker-dojo/vol-bind/site/sub', '/home/ana/docker-dojo/vol-bind').ok).toBe(false);
    const v = grade('/tmp/site', '/home/ana/docker-dojo/vol-bind');
    expect(v.found).toContain('bind /tmp/site at /usr/share/nginx/html');
  });

  it('names every shape of one host folder', () => {
    expect(hostPathForms('/run/desktop/mnt/host/c/Users/Ana/x/')).toEqual(['/run/desktop/mnt/host/c/Users/Ana/x', 'c:/users/ana/x']);
    expect(hostPathForms('/host_mnt/Users/ana/x')).toEqual(['/host_mnt/Users/ana/x', '/Users/ana/x']);
    expect(hostPathForms('C:\\Users\\Ana\\x')).toEqual(['C:/Users/Ana/x', 'c:/users/ana/x']);
  });
});
