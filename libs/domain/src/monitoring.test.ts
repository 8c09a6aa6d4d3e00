import {
  checkMonitoringCategory,
  checkMonitoringDate,
  checkRiskFlags,
  consolidationPeriod,
  inConsolidationPeriod,
  type MonitoringSubject,
} from './monitoring';

const TODAY = '2026-12-06';
const exited: MonitoringSubject = { category: 'POVERTY_REGISTERED', status: 'EXITED', identifiedOn: '2016-03-01', lastExitedOn: '2019-12-01', monitoringChangedOn: null };
const lowIncome: MonitoringSubject = { category: 'LOW_INCOME_ONLY', status: 'IDENTIFIED', identifiedOn: '2018-03-01', lastExitedOn: null, monitoringChangedOn: '2021-01-01' };

describe('monitoring against return to poverty (防返贫监测)', () => {
  it('classes EXITED households as MONITORED and never-poor difficult families as EDGE; never a REMOVED one', () => {
    expect(checkMonitoringCategory(exited, 'MONITORED')).toBeNull();
    expect(checkMonitoringCategory(lowIncome, 'EDGE')).toBeNull();
    expect(checkMonitoringCategory({ ...exited, status: 'IDENTIFIED' }, 'MONITORED')).toMatch(/for EXITED households/);
    expect(checkMonitoringCategory(exited, 'EDGE')).toMatch(/never registered poor/);
    expect(checkMonitoringCategory({ ...lowIncome, status: 'REMOVED' }, 'EDGE')).toMatch(/REMOVED/);
  });

  it('dates a change from the identification, the latest change and (MONITORED) the exit, up to today', () => {
    expect(checkMonitoringDate(exited, '2020-06-01', 'MONITORED', TODAY)).toBeNull();
    expect(checkMonitoringDate(exited, '2019-11-30', 'MONITORED', TODAY)).toMatch(/exit from poverty/);
    expect(checkMonitoringDate(exited, '2015-01-01', null, TODAY)).toMatch(/identification/);
    expect(checkMonitoringDate(lowIncome, '2020-12-31', 'EDGE', TODAY)).toMatch(/latest monitoring change/);
    expect(checkMonitoringDate(lowIncome, '2031-01-01', 'EDGE', TODAY)).toMatch(/in the future/);
    expect(checkMonitoringDate(lowIncome, '1999-01-01', 'EDGE', TODAY)).toMatch(/before 2000/);
  });

  it('wants at least one risk flag, none twice', () => {
    expect(checkRiskFlags(['ILLNESS', 'EDUCATION_COST'])).toBeNull();
    expect(checkRiskFlags([])).toMatch(/at least one/);
    expect(checkRiskFlags(['ILLNESS', 'ILLNESS'])).toMatch(/twice/);
  });

  it('keeps an exited household consolidating to the end of the second year after its exit year', () => {
    const period = consolidationPeriod('2019-12-01');
    expect(period).toEqual({ from: '2019-12-01', until: '2021-12-31' });
    expect(inConsolidationPeriod(period, '2021-12-31')).toBe(true);
    expect(inConsolidationPeriod(period, '2022-01-01')).toBe(false);
    expect(inConsolidationPeriod(period, '2019-11-30')).toBe(false);
  });
});
