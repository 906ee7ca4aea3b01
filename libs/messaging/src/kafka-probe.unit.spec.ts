import { topicLag } from './kafka-probe';

const ends = [
  { partition: 0, low: '0', high: '10' },
  { partition: 1, low: '5', high: '8' },
  { partition: 2, low: '0', high: '0' },
];

describe('topicLag', () => {
  it('sums, per partition, the messages after the committed offset', () => {
    expect(topicLag(ends, [{ partition: 0, offset: '7' }, { partition: 1, offset: '8' }, { partition: 2, offset: '0' }], true)).toBe(3);
    expect(topicLag(ends, [{ partition: 0, offset: '10' }, { partition: 1, offset: '8' }, { partition: 2, offset: '0' }], true)).toBe(0);
  });

  it('counts a partition without a commit from where the group would start there', () => {
    const none = [{ partition: 0, offset: '-1' }, { partition: 1, offset: '-1' }];
    // From the beginning: everything still on the partition (after its low watermark) is ahead.
    expect(topicLag(ends, none, true)).toBe(10 + 3);
    // From the latest offset: nothing is ahead yet.
    expect(topicLag(ends, none, false)).toBe(0);
    expect(topicLag(ends, [], true)).toBe(13);
  });

  it('never goes below zero for a commit past the high watermark (a topic recreated under it)', () => {
    expect(topicLag([{ partition: 0, low: '0', high: '3' }], [{ partition: 0, offset: '9' }], true)).toBe(0);
  });
});
