import { Testing } from 'cdk8s';
import { NodeDaemon } from '../../src';

describe('resources: request above limit, compared exactly', () => {
  test('a memory request one byte above the limit is rejected, though both are the same double', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'd', {
      image: 'x:1',
      resources: { memoryRequest: '9007199254740993', memoryLimit: '9007199254740992' },
    })).toThrow(/memoryRequest/);
  });

  test('a memory request equal to the limit in other units is accepted', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'd', {
      image: 'x:1',
      resources: { memoryRequest: '512Mi', memoryLimit: '0.5Gi' },
    })).not.toThrow();
  });

  test('a CPU request above the limit written in other units is rejected', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'd', {
      image: 'x:1',
      resources: { cpuRequest: '1001m', cpuLimit: '1' },
    })).toThrow(/cpuRequest/);
  });

  test('a negative quantity is rejected', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'd', {
      image: 'x:1',
      resources: { memoryLimit: '-1n' },
    })).toThrow(/memoryLimit.*must not be negative/s);
  });
});
