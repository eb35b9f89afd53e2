import { HolidayCalendar } from '../../src/forums/holidays';

describe('Holidays of France and Korea', () => {
  const calendar = new HolidayCalendar();

  it('knows Chuseok 2024 as 16–18 September', () => {
    const found = calendar.between('2024-09-01', '2024-09-30', 'en').filter((h) => h.country === 'KR');
    expect(found).toEqual([{ country: 'KR', name: 'Korean Thanksgiving', startDate: '2024-09-16', endDate: '2024-09-18' }]);
  });

  it('knows Seollal 2025 as 28–30 January, the day before, the day and the day after', () => {
    const found = calendar.between('2025-01-20', '2025-02-05', 'ko').filter((h) => h.country === 'KR');
    expect(found).toEqual([{ country: 'KR', name: '설날', startDate: '2025-01-28', endDate: '2025-01-30' }]);
  });

  it('knows Seollal 2024 and its substitute day', () => {
    const found = calendar.between('2024-02-01', '2024-02-20', 'en').filter((h) => h.country === 'KR');
    expect(found.map((h) => [h.startDate, h.endDate])).toEqual([
      ['2024-02-09', '2024-02-11'],
      ['2024-02-12', '2024-02-12'],
    ]);
  });

  it('names French holidays in French and Korean ones in Korean or English', () => {
    const may = calendar.between('2024-05-08', '2024-05-09', 'fr');
    expect(may.map((h) => `${h.country} ${h.startDate} ${h.name}`)).toEqual([
      'FR 2024-05-08 Fête de la Victoire 1945',
      'FR 2024-05-09 Ascension',
    ]);
  });

  it('finds holidays that only partly overlap the range, across a new year', () => {
    const found = calendar.between('2024-12-31', '2025-01-01', 'en');
    expect(found.map((h) => `${h.country} ${h.startDate}`)).toEqual(['FR 2025-01-01', 'KR 2025-01-01']);
  });

  it('computes each year of each country once, one per turn of the event loop, and no year outside the dates taken', async () => {
    const fresh = new HolidayCalendar();
    const cache = (fresh as unknown as { cache: Map<string, unknown> }).cache;
    let turns = 0;
    let running = true;
    const turn = () => {
      turns += 1;
      if (running) {
        setImmediate(turn);
      }
    };
    setImmediate(turn);
    // 2039 (a holiday of the year before may run into January) to 2044, for France and Korea.
    await fresh.prepare([['2040-01-01', '2044-12-31']], 'en');
    running = false;
    expect(cache.size).toBe(12);
    // Other requests had their turn between the years.
    expect(turns).toBeGreaterThanOrEqual(11);
    await fresh.prepare(
      [
        ['2041-06-01', '2042-06-30'],
        ['2043-01-01', '2043-01-02'],
      ],
      'en',
    );
    expect(cache.size).toBe(12);
    // Year 1 would hold the process for good: no date Passerelle takes reaches it, and none is computed.
    expect(fresh.between('0001-01-01', '0001-12-31', 'en')).toEqual([]);
    expect(fresh.between('9999-01-01', '9999-12-31', 'en')).toEqual([]);
    expect(cache.size).toBe(12);
    expect(fresh.between('2042-01-01', '2042-01-01', 'en').map((h) => h.country)).toEqual(['FR', 'KR']);
  });
});
