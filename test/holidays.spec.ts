import { HolidayCalendar } from '../src/forums/holidays';

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
    expect(may.map((h) => `${h.country} ${h.startDate} ${h.name}`)).toEqual(['FR 2024-05-08 Fête de la Victoire 1945', 'FR 2024-05-09 Ascension']);
  });

  it('finds holidays that only partly overlap the range, across a new year', () => {
    const found = calendar.between('2024-12-31', '2025-01-01', 'en');
    expect(found.map((h) => `${h.country} ${h.startDate}`)).toEqual(['FR 2025-01-01', 'KR 2025-01-01']);
  });
});
