import { josa, withJosa } from '../../src/common/korean';

describe('Korean particles', () => {
  it('takes the form after a final consonant or after a vowel', () => {
    expect(withJosa('관광', '을/를')).toBe('관광을');
    expect(withJosa('문화', '을/를')).toBe('문화를');
    expect(withJosa('도', '은/는')).toBe('도는');
    expect(withJosa('광역시', '은/는')).toBe('광역시는');
    expect(withJosa('레지옹', '와/과')).toBe('레지옹과');
    expect(withJosa('코뮌', '이/가')).toBe('코뮌이');
    expect(withJosa('메트로폴', '와/과')).toBe('메트로폴과');
  });

  it('writes 로 after ㄹ as after a vowel, 으로 after other consonants', () => {
    expect(withJosa('메트로폴', '으로/로')).toBe('메트로폴로');
    expect(withJosa('서울', '으로/로')).toBe('서울로');
    expect(withJosa('부산', '으로/로')).toBe('부산으로');
    expect(withJosa('파리', '으로/로')).toBe('파리로');
  });

  it('agrees with the word inside closing quotes and brackets', () => {
    expect(withJosa('‘기후·에너지’', '을/를')).toBe('‘기후·에너지’를');
    expect(withJosa('‘관광’', '을/를')).toBe('‘관광’을');
    expect(withJosa('업무협약(MOU)', '을/를')).toBe('업무협약(MOU)를');
  });

  it('reads digits and acronyms as a Korean reader says them', () => {
    expect(josa('2024', '은/는')).toBe('는');
    expect(josa('제3', '이/가')).toBe('이');
    expect(josa('7', '으로/로')).toBe('로');
    expect(josa('NGO', '와/과')).toBe('와');
    expect(josa('EU', '을/를')).toBe('를');
    expect(josa('AI', '이/가')).toBe('가');
    expect(josa('HTML', '을/를')).toBe('을');
  });

  it('gives both forms after a word in Latin letters, whose reading the spelling does not tell', () => {
    expect(withJosa('Lyon', '을/를')).toBe('Lyon을(를)');
    expect(josa('smart city', '이/가')).toBe('이(가)');
    expect(josa('', '은/는')).toBe('은(는)');
  });
});
